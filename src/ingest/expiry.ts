import { parseRfc3339 } from './fields.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * When an override given as `2h`, `90m`, `1d12h`, `45s` or an RFC 3339 time expires, in ms;
 * `never` (or absent) is null. Returns a string saying what is wrong otherwise.
 */
export function parseExpiry(text: string | undefined | null, now: number): number | null | string {
  if (text === undefined || text === null || text === 'never') return null;
  const trimmed = text.trim();
  if (/^(\d+[smhd])+$/.test(trimmed)) {
    let ms = 0;
    for (const [, count, unit] of trimmed.matchAll(/(\d+)([smhd])/g))
      ms += Number(count) * (UNITS[unit as string] as number);
    if (ms <= 0) return `'${text}' is no time at all`;
    return now + ms;
  }
  const at = parseRfc3339(trimmed);
  if (at === undefined)
    return `'${text}' is neither a duration such as 2h, 30m or 1d12h nor an RFC 3339 time`;
  if (at <= now) return `'${text}' has passed`;
  return at;
}
