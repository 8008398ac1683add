import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens start with this, so secret scanners and people recognise them. */
export const TOKEN_PREFIX = 'sc_';
/** Session cookies' values. */
export const SESSION_PREFIX = 'scs_';
/** One-time setup links' secrets. */
export const SETUP_PREFIX = 'scsetup_';

/** 256 random bits after `prefix`, base64url (43 characters). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What is stored instead of a secret: its SHA-256, hex. A 256-bit random secret needs no salt. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether a string has the shape of a secret with `prefix` (before any database look-up). */
export function isSecretShaped(value: string, prefix: string): boolean {
  return (
    value.length === prefix.length + 43 &&
    value.startsWith(prefix) &&
    /^[A-Za-z0-9_-]{43}$/.test(value.slice(prefix.length))
  );
}

/** Compares two strings in time that depends on neither (both are hashed first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}

/**
 * The CSRF token of a session, derived from the session's secret: per session, never stored,
 * and useless without the cookie (which scripts cannot read).
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHash('sha256').update(`csrf:${sessionSecret}`).digest('base64url');
}

/** A short random id for tokens: 12 lower-case hex digits (48 bits). */
export function newTokenId(): string {
  return randomBytes(6).toString('hex');
}
