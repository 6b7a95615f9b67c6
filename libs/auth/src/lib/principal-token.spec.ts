import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import {
  DEV_PRINCIPAL_PRIVATE_KEY,
  DEV_PRINCIPAL_PUBLIC_KEY,
  generatePrincipalKeyPair,
  principalKeyFromEnv,
  principalSigningKeyFromEnv,
  signPrincipal,
  verifyPrincipal,
} from './principal-token';

const actor = { userId: 'u-1', roles: ['township_reviewer' as const], townshipCode: '210521100000' };
const binding = { correlationId: 'c-1', payload: { caseId: 'x', action: 'approve', expectedVersion: 2 } };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('principal tokens (Ed25519, gateway signs, services verify with the public key)', () => {
  it('accepts a principal signed by the gateway key for the same command', () => {
    const token = signPrincipal(actor, DEV_PRINCIPAL_PRIVATE_KEY, 30, binding);
    expect(verifyPrincipal(token, DEV_PRINCIPAL_PUBLIC_KEY, JSON.parse(JSON.stringify(binding)))).toEqual({ ok: true, actor });
  });

  it('refuses a principal signed with another Ed25519 key', () => {
    const other = generatePrincipalKeyPair();
    const token = signPrincipal(actor, other.privateKey, 30, binding);
    expect(verifyPrincipal(token, DEV_PRINCIPAL_PUBLIC_KEY, binding)).toEqual({ ok: false, reason: 'principal signature invalid' });
  });

  it('refuses HMAC-signed and unsigned tokens, whatever their claims', () => {
    const claims = { iss: 'poverty-gateway', aud: 'poverty-services', actor, cid: 'c-1' };
    const hmac = jwt.sign(claims, DEV_PRINCIPAL_PUBLIC_KEY, { algorithm: 'HS256', expiresIn: 30 });
    expect(verifyPrincipal(hmac, DEV_PRINCIPAL_PUBLIC_KEY)).toMatchObject({ ok: false });
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat: 1, exp: 9e9 })}.`;
    expect(verifyPrincipal(unsigned, DEV_PRINCIPAL_PUBLIC_KEY)).toMatchObject({ ok: false });
    const hs = `${b64({ alg: 'HS256' })}.${b64(claims)}`;
    const confused = `${hs}.${createHmac('sha256', DEV_PRINCIPAL_PUBLIC_KEY).update(hs).digest('base64url')}`;
    expect(verifyPrincipal(confused, DEV_PRINCIPAL_PUBLIC_KEY)).toMatchObject({ ok: false });
    expect(verifyPrincipal(null, DEV_PRINCIPAL_PUBLIC_KEY)).toEqual({ ok: false, reason: 'missing principal' });
  });

  it('refuses a genuine principal replayed with another payload or correlation id', () => {
    const token = signPrincipal(actor, DEV_PRINCIPAL_PRIVATE_KEY, 30, binding);
    expect(verifyPrincipal(token, DEV_PRINCIPAL_PUBLIC_KEY, { ...binding, payload: { ...binding.payload, action: 'reject' } })).toMatchObject({ ok: false });
    expect(verifyPrincipal(token, DEV_PRINCIPAL_PUBLIC_KEY, { ...binding, correlationId: 'c-2' })).toMatchObject({ ok: false });
  });

  it('refuses a principal whose claims were edited after signing', () => {
    const [h, c, s] = signPrincipal(actor, DEV_PRINCIPAL_PRIVATE_KEY, 30).split('.');
    const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
    claims.actor.roles = ['county_officer'];
    expect(verifyPrincipal(`${h}.${b64(claims)}.${s}`, DEV_PRINCIPAL_PUBLIC_KEY)).toEqual({ ok: false, reason: 'principal signature invalid' });
  });

  it('refuses an expired principal', () => {
    jest.useFakeTimers({ now: Date.now() - 120_000 });
    const token = signPrincipal(actor, DEV_PRINCIPAL_PRIVATE_KEY, 30);
    jest.useRealTimers();
    expect(verifyPrincipal(token, DEV_PRINCIPAL_PUBLIC_KEY)).toEqual({ ok: false, reason: 'principal expired' });
  });

  it('reads PEM keys as well as raw base64url keys', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pemPrivate = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const pemPublic = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(verifyPrincipal(signPrincipal(actor, pemPrivate), pemPublic)).toMatchObject({ ok: true });
  });

  describe('keys from the environment', () => {
    const saved = { ...process.env };
    afterEach(() => (process.env = { ...saved }));

    it('refuses to start in production without keys, naming the variable', () => {
      process.env = { ...saved, NODE_ENV: 'production' };
      delete process.env['PRINCIPAL_PUBLIC_KEY'];
      delete process.env['PRINCIPAL_PRIVATE_KEY'];
      expect(() => principalKeyFromEnv()).toThrow(/PRINCIPAL_PUBLIC_KEY/);
      expect(() => principalSigningKeyFromEnv()).toThrow(/PRINCIPAL_PRIVATE_KEY/);
      process.env['PRINCIPAL_SIGNING_KEY'] = 'x'.repeat(40);
      expect(() => principalKeyFromEnv()).toThrow(/no longer used/);
    });

    it('refuses a key that is not Ed25519 and a mismatched pair', () => {
      process.env = { ...saved, PRINCIPAL_PUBLIC_KEY: 'not-a-key' };
      expect(() => principalKeyFromEnv()).toThrow(/not an Ed25519 key/);
      const a = generatePrincipalKeyPair();
      const b = generatePrincipalKeyPair();
      process.env = { ...saved, PRINCIPAL_PRIVATE_KEY: a.privateKey, PRINCIPAL_PUBLIC_KEY: b.publicKey };
      expect(() => principalSigningKeyFromEnv()).toThrow(/not the public half/);
    });
  });
});
