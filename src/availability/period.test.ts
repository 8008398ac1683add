import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { parsePeriod } from './period.js';

const NOW = Date.parse('2027-06-15T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const span = (text: string, zone?: string, now = NOW) => {
  const p = parsePeriod(text, zone, now);
  return [iso(p.from), iso(p.to)];
};

function refusal(run: () => unknown): { message: string; path?: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const details = (error as InputError).details as { path?: string }[];
    return { message: (error as Error).message, path: details[0]?.path };
  }
  throw new Error('expected an InputError');
}

describe('periods', () => {
  it('reads a month, in UTC by default and in a zone with its daylight-saving change', () => {
    expect(span('2026-10')).toEqual(['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
    // Berlin: CEST (+2) on 1 October, CET (+1) from 25 October.
    expect(span('2026-10', 'Europe/Berlin')).toEqual([
      '2026-09-30T22:00:00.000Z',
      '2026-10-31T23:00:00.000Z',
    ]);
    expect(span('2024-02')).toEqual(['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(span('2026-12')).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });

  it('reads a day, a leap day, an ISO week, a quarter and a year', () => {
    expect(span('2024-02-29')).toEqual(['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    // 4 January 2026 is a Sunday: week 1 starts Monday 29 December 2025, week 41 on 5 October.
    expect(span('2026-W41')).toEqual(['2026-10-05T00:00:00.000Z', '2026-10-12T00:00:00.000Z']);
    expect(span('2026-W01')).toEqual(['2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z']);
    // 2026 starts on a Thursday, so it has 53 weeks.
    expect(span('2026-W53')).toEqual(['2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z']);
    expect(span('2026-Q4')).toEqual(['2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(span('2026-Q1', 'Europe/Berlin')).toEqual([
      '2025-12-31T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
    ]);
    expect(span('2026')).toEqual(['2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(parsePeriod('2026-W41', 'UTC', NOW).kind).toBe('week');
  });

  it('reads custom ranges of dates (the end day included) and of times', () => {
    expect(span('2026-10-01..2026-10-15')).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-10-16T00:00:00.000Z',
    ]);
    expect(span('2026-10-01T08:00..2026-10-01T17:30', 'Europe/Berlin')).toEqual([
      '2026-10-01T06:00:00.000Z',
      '2026-10-01T15:30:00.000Z',
    ]);
    expect(span('2026-10-01T08:00:00Z..2026-10-01T17:30+02:00', 'Europe/Berlin')).toEqual([
      '2026-10-01T08:00:00.000Z',
      '2026-10-01T15:30:00.000Z',
    ]);
    expect(parsePeriod('2025-01-01..2025-12-31', 'UTC', NOW).kind).toBe('custom');
  });

  it('cuts a running period at now and marks it partial', () => {
    const now = Date.parse('2026-10-15T12:00:00Z');
    const period = parsePeriod('2026-10', 'UTC', now);
    expect(period).toMatchObject({ partial: true, end: now, to: Date.parse('2026-11-01T00:00Z') });
    expect(parsePeriod('2026-09', 'UTC', now)).toMatchObject({
      partial: false,
      end: Date.parse('2026-10-01T00:00Z'),
    });
  });

  it('refuses what is not a period, saying what and where', () => {
    const now = Date.parse('2026-10-15T12:00:00Z');
    expect(refusal(() => parsePeriod('2026-11', 'UTC', now)).message).toContain('in the future');
    expect(
      refusal(() => parsePeriod('2026-10-15T12:00Z..2026-10-16', 'UTC', now)).message,
    ).toContain('in the future');
    expect(refusal(() => parsePeriod('2026-10', 'Mars/Olympus', now))).toMatchObject({
      path: 'zone',
    });
    expect(refusal(() => parsePeriod('2026-10', 'europe/berlin', now)).path).toBe('zone');
    for (const bad of [
      'october',
      '2026-13',
      '2026-00',
      '2023-02-29',
      '2025-W53',
      '2026-W00',
      '2026-Q5',
      '1969',
      '2026-10-01..',
      '2026-10-01T25:00..2026-10-02',
      '2026-10-01..2026-10-02..2026-10-03',
    ])
      expect(refusal(() => parsePeriod(bad, 'UTC', now)).path).toBe('period');
    expect(refusal(() => parsePeriod('2026-10-05..2026-10-01', 'UTC', now)).message).toContain(
      'ends before it starts',
    );
    expect(refusal(() => parsePeriod('2025-01-01..2026-01-02', 'UTC', now)).message).toContain(
      'longer than 366 days',
    );
  });

  it('gives whole UTC days, months of their length and weeks from Monday to Monday', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 53 }),
        (year, month, week) => {
          const pad = (n: number) => String(n).padStart(2, '0');
          const m = parsePeriod(`${year}-${pad(month)}`, 'UTC', Date.UTC(2100, 0, 1));
          expect(m.from).toBe(Date.UTC(year, month - 1, 1));
          expect(m.to).toBe(Date.UTC(year, month, 1));
          const d = parsePeriod(`${year}-${pad(month)}-01`, 'UTC', Date.UTC(2100, 0, 1));
          expect(d.to - d.from).toBe(86_400_000);
          try {
            const w = parsePeriod(`${year}-W${pad(week)}`, 'UTC', Date.UTC(2100, 0, 1));
            expect(w.to - w.from).toBe(7 * 86_400_000);
            expect(new Date(w.from).getUTCDay()).toBe(1);
            // Thursday of the week lies in the year (the ISO rule).
            expect(new Date(w.from + 3 * 86_400_000).getUTCFullYear()).toBe(year);
          } catch (error) {
            expect(week).toBeGreaterThanOrEqual(53);
            expect(error).toBeInstanceOf(InputError);
          }
        },
      ),
    );
  });
});
