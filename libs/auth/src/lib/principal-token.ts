import { createHash, createPrivateKey, createPublicKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { ROLES, type Actor } from '@poverty/workflow';
import { ed25519Sign, ed25519Verify } from './ed25519';

const AUDIENCE = 'poverty-services';
const ISSUER = 'poverty-gateway';
const ALGORITHM = 'EdDSA';
/** Longest lifetime a service accepts, whatever the token claims. */
export const PRINCIPAL_MAX_TTL_SECONDS = 300;
const CLOCK_SKEW_SECONDS = 5;

/**
 * Principals are signed with the gateway's Ed25519 private key (`PRINCIPAL_PRIVATE_KEY`); the
 * services hold only the public key (`PRINCIPAL_PUBLIC_KEY`). A process that can write to NATS —
 * even a compromised service — cannot mint a principal, and a captured one is bound to its own
 * command (correlation id and payload digest) and expires within seconds.
 */
export type PrincipalKey = string | KeyObject;

/** What a principal is bound to: the command it travels with. */
export interface PrincipalBinding {
  correlationId: string;
  payload: unknown;
}

export type PrincipalCheck = { ok: true; actor: Actor } | { ok: false; reason: string };

// DER prefixes that turn a raw 32-byte Ed25519 key into PKCS#8 (private) or SPKI (public).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const keyCache = new Map<string, KeyObject>();

function rawKeyBytes(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9_-]{43}=?$/.test(trimmed)) return Buffer.from(trimmed, 'base64url');
  return null;
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${what} is a ${key.asymmetricKeyType ?? key.type} key, not Ed25519`);
  return key;
}

/** Parses an Ed25519 private key: PEM (PKCS#8) or the raw 32-byte seed as base64url or hex. */
export function parsePrincipalPrivateKey(key: PrincipalKey): KeyObject {
  if (typeof key !== 'string') return ed25519(key, 'principal private key');
  const cached = keyCache.get(`private:${key}`);
  if (cached) return cached;
  const raw = rawKeyBytes(key);
  let parsed: KeyObject;
  try {
    parsed = raw
      ? createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' })
      : createPrivateKey(key.replace(/\\n/g, '\n'));
  } catch {
    throw new Error('principal private key is not an Ed25519 key (PEM, or 32 bytes as base64url or hex)');
  }
  ed25519(parsed, 'principal private key');
  keyCache.set(`private:${key}`, parsed);
  return parsed;
}

/** Parses an Ed25519 public key: PEM (SPKI) or the raw 32 bytes as base64url or hex. */
export function parsePrincipalPublicKey(key: PrincipalKey): KeyObject {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : ed25519(key, 'principal public key');
  const cached = keyCache.get(`public:${key}`);
  if (cached) return cached;
  const raw = rawKeyBytes(key);
  let parsed: KeyObject;
  try {
    parsed = raw
      ? createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
      : createPublicKey(key.replace(/\\n/g, '\n'));
  } catch {
    throw new Error('principal public key is not an Ed25519 key (PEM, or 32 bytes as base64url or hex)');
  }
  ed25519(parsed, 'principal public key');
  keyCache.set(`public:${key}`, parsed);
  return parsed;
}

/** The public half of a private key, as base64url of the raw 32 bytes. */
export function principalPublicKeyOf(privateKey: PrincipalKey): string {
  const spki = createPublicKey(parsePrincipalPrivateKey(privateKey)).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_PREFIX.length).toString('base64url');
}

/** A fresh key pair, both halves as base64url of the raw 32 bytes (for `.env`). */
export function generatePrincipalKeyPair(): { privateKey: string; publicKey: string } {
  const privateKey = randomBytes(32).toString('base64url');
  return { privateKey, publicKey: principalPublicKeyOf(privateKey) };
}

/** Digest of a command payload, as it travels (JSON). */
export function payloadDigest(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload ?? null)).digest('base64url');
}

const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs the acting principal for one NATS command; services verify it before acting. */
export function signPrincipal(actor: Actor, key: PrincipalKey, ttlSeconds = 30, binding?: PrincipalBinding): string {
  if (ttlSeconds > PRINCIPAL_MAX_TTL_SECONDS) throw new Error(`a principal lives at most ${PRINCIPAL_MAX_TTL_SECONDS} s`);
  const now = Math.floor(Date.now() / 1000);
  const header = b64json({ alg: ALGORITHM, typ: 'JWT' });
  const claims = b64json({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: actor.userId,
    iat: now,
    exp: now + ttlSeconds,
    jti: randomUUID(),
    actor,
    ...(binding ? { cid: binding.correlationId, pld: payloadDigest(binding.payload) } : {}),
  });
  const signature = ed25519Sign(Buffer.from(`${header}.${claims}`), parsePrincipalPrivateKey(key)).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

function parseJson(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function validActor(value: unknown): value is Actor {
  const actor = value as Actor;
  return (
    typeof actor === 'object' && actor !== null &&
    typeof actor.userId === 'string' && actor.userId.length > 0 &&
    Array.isArray(actor.roles) && actor.roles.every((r) => (ROLES as readonly string[]).includes(r))
  );
}

/**
 * Verifies a principal with the gateway's public key. Only EdDSA is accepted (no `none`, no
 * HMAC), the lifetime is capped, and when a binding is given the principal must have been
 * signed for exactly that command.
 */
export function verifyPrincipal(token: string | null | undefined, key: PrincipalKey, binding?: PrincipalBinding): PrincipalCheck {
  if (!token) return { ok: false, reason: 'missing principal' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed principal' };
  const [headerPart, claimsPart, signaturePart] = parts;
  const header = parseJson(headerPart);
  if (!header || header['alg'] !== ALGORITHM) return { ok: false, reason: 'principal not signed with EdDSA' };
  let signed = false;
  try {
    signed = ed25519Verify(Buffer.from(`${headerPart}.${claimsPart}`), Buffer.from(signaturePart, 'base64url'), parsePrincipalPublicKey(key));
  } catch {
    signed = false;
  }
  if (!signed) return { ok: false, reason: 'principal signature invalid' };
  const claims = parseJson(claimsPart);
  if (!claims) return { ok: false, reason: 'malformed principal' };
  if (claims['iss'] !== ISSUER || claims['aud'] !== AUDIENCE) return { ok: false, reason: 'principal not issued by the gateway for the services' };
  const now = Math.floor(Date.now() / 1000);
  const iat = claims['iat'];
  const exp = claims['exp'];
  if (typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'principal has no lifetime' };
  if (exp + CLOCK_SKEW_SECONDS < now) return { ok: false, reason: 'principal expired' };
  if (iat - CLOCK_SKEW_SECONDS > now || exp - iat > PRINCIPAL_MAX_TTL_SECONDS) return { ok: false, reason: 'principal lifetime not acceptable' };
  if (!validActor(claims['actor'])) return { ok: false, reason: 'principal has no actor' };
  if (binding && (claims['cid'] !== binding.correlationId || claims['pld'] !== payloadDigest(binding.payload))) {
    return { ok: false, reason: 'principal was signed for another command' };
  }
  return { ok: true, actor: claims['actor'] };
}

// A fixed development key pair, derived from a public string: it is refused when NODE_ENV=production.
const DEV_PRIVATE_KEY = createHash('sha256').update('poverty platform development principal key - never use in production').digest('base64url');
/** The development public key (tests use it to check that other keys are refused). */
export const DEV_PRINCIPAL_PUBLIC_KEY = principalPublicKeyOf(DEV_PRIVATE_KEY);
/** The development private key: only for tests and local runs. */
export const DEV_PRINCIPAL_PRIVATE_KEY = DEV_PRIVATE_KEY;

const production = (env: NodeJS.ProcessEnv) => env['NODE_ENV'] === 'production';

function legacyKeyError(): Error {
  return new Error(
    'PRINCIPAL_SIGNING_KEY (a shared HMAC secret) is no longer used: set PRINCIPAL_PRIVATE_KEY on the gateway and ' +
      'PRINCIPAL_PUBLIC_KEY on the services (an Ed25519 key pair; `node main.js keygen` in the gateway prints one)',
  );
}

/** The key services verify principals with: `PRINCIPAL_PUBLIC_KEY` (validated here). */
export function principalKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const key = env['PRINCIPAL_PUBLIC_KEY'];
  if (key) {
    parsePrincipalPublicKey(key);
    return key;
  }
  const privateKey = env['PRINCIPAL_PRIVATE_KEY'];
  if (privateKey) return principalPublicKeyOf(privateKey);
  if (production(env)) {
    if (env['PRINCIPAL_SIGNING_KEY']) throw legacyKeyError();
    throw new Error('PRINCIPAL_PUBLIC_KEY must be set in production (the gateway\'s Ed25519 public key)');
  }
  return DEV_PRINCIPAL_PUBLIC_KEY;
}

/** The key the gateway signs principals with: `PRINCIPAL_PRIVATE_KEY` (validated here). */
export function principalSigningKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const key = env['PRINCIPAL_PRIVATE_KEY'];
  if (key) {
    parsePrincipalPrivateKey(key);
    const publicKey = env['PRINCIPAL_PUBLIC_KEY'];
    if (publicKey && !parsePrincipalPublicKey(publicKey).equals(parsePrincipalPublicKey(principalPublicKeyOf(key)))) {
      throw new Error('PRINCIPAL_PUBLIC_KEY is not the public half of PRINCIPAL_PRIVATE_KEY');
    }
    return key;
  }
  if (production(env)) {
    if (env['PRINCIPAL_SIGNING_KEY']) throw legacyKeyError();
    throw new Error('PRINCIPAL_PRIVATE_KEY must be set in production (the gateway\'s Ed25519 private key)');
  }
  return DEV_PRINCIPAL_PRIVATE_KEY;
}
