import { sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';

/**
 * Ed25519 signing and verification of principals. Every command is signed once by the gateway
 * and verified once by a service, so this is on every decision's path: with libsodium
 * (sodium-native) a principal took 30 µs to sign and 59 µs to verify here, with Node's OpenSSL 3.0
 * 84 µs and 176 µs (`tools/bench/README.md`). Ed25519 signatures are deterministic, so both give the same bytes
 * for the same key and message (`ed25519.spec.ts`); Node's own is the fallback where
 * sodium-native has no build for the platform.
 */
interface Sodium {
  crypto_sign_detached(signature: Buffer, message: Buffer, secretKey: Buffer): void;
  crypto_sign_verify_detached(signature: Buffer, message: Buffer, publicKey: Buffer): boolean;
  crypto_sign_seed_keypair(publicKey: Buffer, secretKey: Buffer, seed: Buffer): void;
}

function loadSodium(): Sodium | null {
  try {
    return require('sodium-native') as Sodium;
  } catch {
    return null;
  }
}

const sodium = loadSodium();
const SIGNATURE_BYTES = 64;

// libsodium wants raw key bytes; derived once per key object.
const secretKeys = new WeakMap<KeyObject, Buffer>();
const publicKeys = new WeakMap<KeyObject, Buffer>();

function rawSecretKey(library: Sodium, key: KeyObject): Buffer {
  let secret = secretKeys.get(key);
  if (!secret) {
    const seed = Buffer.from(key.export({ format: 'jwk' }).d as string, 'base64url');
    secret = Buffer.alloc(64);
    library.crypto_sign_seed_keypair(Buffer.alloc(32), secret, seed);
    secretKeys.set(key, secret);
  }
  return secret;
}

function rawPublicKey(key: KeyObject): Buffer {
  let raw = publicKeys.get(key);
  if (!raw) {
    raw = Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
    publicKeys.set(key, raw);
  }
  return raw;
}

/** Which implementation signs and verifies here (for the bench and the tests). */
export const ed25519Implementation: 'libsodium' | 'node' = sodium ? 'libsodium' : 'node';

/** The 64-byte Ed25519 signature of `message` with an Ed25519 private key. */
export function ed25519Sign(message: Buffer, privateKey: KeyObject): Buffer {
  if (!sodium) return nodeSign(null, message, privateKey);
  const signature = Buffer.alloc(SIGNATURE_BYTES);
  sodium.crypto_sign_detached(signature, message, rawSecretKey(sodium, privateKey));
  return signature;
}

/** Whether `signature` is a valid Ed25519 signature of `message` by the holder of `publicKey`. */
export function ed25519Verify(message: Buffer, signature: Buffer, publicKey: KeyObject): boolean {
  if (!sodium) return nodeVerify(null, message, publicKey, signature);
  if (signature.length !== SIGNATURE_BYTES) return false; // libsodium would throw on another length
  return sodium.crypto_sign_verify_detached(signature, message, rawPublicKey(publicKey));
}
