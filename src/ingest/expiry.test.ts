import { describe, expect, it } from 'vitest';
import { parseExpiry } from './expiry.js';

const NOW = Date.parse('2026-11-28T20:00:00Z');

describe('parseExpiry', () => {
  it('reads durations, times and never', () => {
    expect(parseExpiry('2h', NOW)).toBe(NOW + 7_200_000);
    expect(parseExpiry('1d12h', NOW)).toBe(NOW + 36 * 3_600_000);
    expect(parseExpiry('45s', NOW)).toBe(NOW + 45_000);
    expect(parseExpiry('2026-11-29T00:00:00Z', NOW)).toBe(Date.parse('2026-11-29T00:00:00Z'));
    expect(parseExpiry(undefined, NOW)).toBeNull();
    expect(parseExpiry('never', NOW)).toBeNull();
  });

  it('says what is wrong with anything else', () => {
    expect(parseExpiry('2 hours', NOW)).toBe(
      "'2 hours' is neither a duration such as 2h, 30m or 1d12h nor an RFC 3339 time",
    );
    expect(parseExpiry('0h', NOW)).toBe("'0h' is no time at all");
    expect(parseExpiry('2026-11-28T19:00:00Z', NOW)).toBe("'2026-11-28T19:00:00Z' has passed");
  });
});
