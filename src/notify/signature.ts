import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a webhook's signature. */
export const SIGNATURE_HEADER = 'x-servicechain-signature';

/**
 * `t=SECONDS,v1=HEX`: HMAC-SHA256 under the subscriber's signing secret of `SECONDS.BODY`, so a
 * receiver can check both who sent the body and that it is recent (replays carry an old `t`).
 */
export function signatureHeader(secret: string, body: string, at: number): string {
  const t = Math.floor(at / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (docs/notifications.md shows it): recompute and compare in constant
 * time, and refuse a timestamp further than `toleranceS` from its own clock.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowMs: number,
  toleranceS = 300,
): boolean {
  const parts = Object.fromEntries(
    header.split(',').map((part) => part.split('=', 2) as [string, string]),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowMs / 1000 - t) > toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
