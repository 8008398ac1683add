import { timingSafeEqual } from 'node:crypto';
import type { SecretBox } from './secret-box.js';

/** What a link in a mail may do: confirm an address (double opt-in) or unsubscribe it. */
export type LinkPurpose = 'confirm' | 'unsubscribe';

/** How long a confirmation link works; unsubscribe links work as long as the subscriber exists. */
export const CONFIRM_VALID_MS = 7 * 24 * 3600 * 1000;

interface LinkClaims {
  p: LinkPurpose;
  /** Subscriber id and its creation time: a later subscriber never answers an older link. */
  s: number;
  c: number;
  /** Expiry, ms since the epoch. */
  e?: number;
}

/** `payload.signature`, both base64url. */
export function linkToken(
  box: SecretBox,
  purpose: LinkPurpose,
  subscriber: { id: number; createdAt: number },
  now: number,
): string {
  const claims: LinkClaims = { p: purpose, s: subscriber.id, c: subscriber.createdAt };
  if (purpose === 'confirm') claims.e = now + CONFIRM_VALID_MS;
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${box.sign(payload).toString('base64url')}`;
}

/** The subscriber a token is for, when its signature holds, its purpose matches and it has not expired. */
export function readLinkToken(
  box: SecretBox,
  token: string,
  purpose: LinkPurpose,
  now: number,
): { id: number; createdAt: number } | undefined {
  if (token.length > 1000) return undefined;
  const [payload = '', signature = '', extra] = token.split('.');
  if (extra !== undefined) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = box.sign(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return undefined;
  }
  if (claims.p !== purpose || !Number.isInteger(claims.s) || !Number.isInteger(claims.c))
    return undefined;
  if (claims.e !== undefined && now > claims.e) return undefined;
  return { id: claims.s, createdAt: claims.c };
}
