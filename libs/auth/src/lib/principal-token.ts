import jwt from 'jsonwebtoken';
import type { Actor } from '@poverty/workflow';

const AUDIENCE = 'poverty-services';
const ISSUER = 'poverty-gateway';

/** Signs the acting principal for one NATS command; services verify it before acting. */
export function signPrincipal(actor: Actor, key: string, ttlSeconds = 60): string {
  return jwt.sign({ actor }, key, { algorithm: 'HS256', audience: AUDIENCE, issuer: ISSUER, expiresIn: ttlSeconds, subject: actor.userId });
}

export type PrincipalCheck = { ok: true; actor: Actor } | { ok: false; reason: string };

/**
 * A process that can write to NATS still cannot act as an approver: without the gateway's
 * key it cannot produce a principal that verifies here.
 */
export function verifyPrincipal(token: string | null | undefined, key: string): PrincipalCheck {
  if (!token) return { ok: false, reason: 'missing principal' };
  try {
    const claims = jwt.verify(token, key, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER }) as { actor?: Actor };
    if (!claims.actor || typeof claims.actor.userId !== 'string' || !Array.isArray(claims.actor.roles)) {
      return { ok: false, reason: 'principal has no actor' };
    }
    return { ok: true, actor: claims.actor };
  } catch (error) {
    return { ok: false, reason: (error as Error).name };
  }
}

export const DEV_PRINCIPAL_KEY = 'dev-only-principal-signing-key-change-me';

/** The key from the environment; refuses the dev default when NODE_ENV=production. */
export function principalKeyFromEnv(): string {
  const key = process.env['PRINCIPAL_SIGNING_KEY'];
  if (key) return key;
  if (process.env['NODE_ENV'] === 'production') {
    throw new Error('PRINCIPAL_SIGNING_KEY must be set in production');
  }
  return DEV_PRINCIPAL_KEY;
}
