import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { ed25519Implementation, ed25519Sign, ed25519Verify } from './ed25519';

/** Node's own Ed25519 (OpenSSL) is the reference: signatures are deterministic, so the bytes must agree. */
describe('Ed25519 for principals', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const messages = [Buffer.alloc(0), Buffer.from('eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1LTEifQ'), randomBytes(1_000)];

  it('runs on libsodium on this machine', () => {
    expect(ed25519Implementation).toBe('libsodium');
  });

  it.each(messages.map((m) => [m.length, m]))('signs a %i-byte message with the very bytes OpenSSL gives', (_length, message) => {
    const ours = ed25519Sign(message, privateKey);
    expect(ours.equals(sign(null, message, privateKey))).toBe(true);
    expect(verify(null, message, publicKey, ours)).toBe(true);
    expect(ed25519Verify(message, ours, publicKey)).toBe(true);
  });

  it('refuses another message, another key, and altered or mis-sized signatures', () => {
    const message = messages[1];
    const signature = ed25519Sign(message, privateKey);
    expect(ed25519Verify(Buffer.concat([message, Buffer.from('x')]), signature, publicKey)).toBe(false);
    expect(ed25519Verify(message, signature, other.publicKey)).toBe(false);
    expect(ed25519Verify(message, ed25519Sign(message, other.privateKey), publicKey)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[10] ^= 1;
    expect(ed25519Verify(message, flipped, publicKey)).toBe(false);
    expect(ed25519Verify(message, signature.subarray(0, 63), publicKey)).toBe(false);
    expect(ed25519Verify(message, Buffer.concat([signature, Buffer.alloc(1)]), publicKey)).toBe(false);
    expect(ed25519Verify(message, Buffer.alloc(0), publicKey)).toBe(false);
  });
});
