import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDate, isTimeZone, utcOffset, wallTime, zonedToUtc } from './zone.js';

const utc = (iso: string) => Date.parse(iso);

describe('isTimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    // Renamed zones: the runtime's own name for them is the old one.
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Europe/Kyiv')).toBe(true);
    expect(isTimeZone('Etc/UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('europe/berlin')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('wallTime', () => {
  it('gives the wall clock and weekday in the zone', () => {
    expect(wallTime(utc('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 10,
      day: 25,
      hour: 2,
      minute: 30,
      second: 0,
      weekday: 0,
    });
    expect(wallTime(utc('2024-02-29T23:00:00Z'), 'Asia/Tokyo')).toMatchObject({
      year: 2024,
      month: 3,
      day: 1,
      hour: 8,
      weekday: 5,
    });
  });
  it('reads midnight as hour 0', () => {
    expect(wallTime(utc('2026-01-01T00:00:00Z'), 'UTC').hour).toBe(0);
  });
});

describe('utcOffset', () => {
  it('follows daylight saving', () => {
    expect(utcOffset(utc('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(3600_000);
    expect(utcOffset(utc('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(7200_000);
    expect(utcOffset(utc('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(19_800_000);
    expect(utcOffset(utc('2026-07-15T12:00:00.250Z'), 'America/New_York')).toBe(-4 * 3600_000);
  });
});

describe('zonedToUtc', () => {
  it('converts an ordinary wall time', () => {
    expect(zonedToUtc({ year: 2026, month: 10, day: 1, hour: 9, minute: 0 }, 'Europe/Berlin')).toBe(
      utc('2026-10-01T07:00:00Z'),
    );
  });
  it('takes the first of a repeated time when clocks go back', () => {
    // Berlin, 25 Oct 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    expect(
      zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin'),
    ).toBe(utc('2026-10-25T00:30:00Z'));
  });
  it('reads a skipped time with the offset before the gap', () => {
    // Berlin, 29 Mar 2026: 02:00 CET becomes 03:00 CEST; 02:30 does not exist.
    expect(
      zonedToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin'),
    ).toBe(utc('2026-03-29T01:30:00Z'));
  });
  it('handles the southern hemisphere', () => {
    // Sydney, 5 Apr 2026: 03:00 AEDT becomes 02:00 AEST.
    expect(
      zonedToUtc({ year: 2026, month: 4, day: 5, hour: 2, minute: 30 }, 'Australia/Sydney'),
    ).toBe(utc('2026-04-04T15:30:00Z'));
  });
  it('round-trips every instant on a whole second through its wall time', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(
        fc.integer({
          min: utc('2000-01-01T00:00:00Z') / 1000,
          max: utc('2040-01-01T00:00:00Z') / 1000,
        }),
        fc.constantFrom(...zones),
        (seconds, zone) => {
          const ms = seconds * 1000;
          const back = zonedToUtc(wallTime(ms, zone), zone);
          // A repeated wall time maps to its first instant, an hour (or less) earlier.
          expect(back === ms || (back < ms && ms - back <= 3600_000)).toBe(true);
          expect(wallTime(back, zone)).toEqual(wallTime(ms, zone));
        },
      ),
    );
  });
});

describe('addDays and isoDate', () => {
  it('crosses month ends, leap days and years', () => {
    expect(addDays({ year: 2024, month: 2, day: 28 }, 1)).toEqual({
      year: 2024,
      month: 2,
      day: 29,
      weekday: 4,
    });
    expect(addDays({ year: 2025, month: 2, day: 28 }, 1)).toEqual({
      year: 2025,
      month: 3,
      day: 1,
      weekday: 6,
    });
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toMatchObject({
      year: 2027,
      month: 1,
      day: 1,
    });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toMatchObject({
      year: 2026,
      month: 2,
      day: 28,
    });
    expect(isoDate({ year: 2026, month: 3, day: 9 })).toBe('2026-03-09');
  });
});
