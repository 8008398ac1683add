import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallTime } from '../time/zone.js';
import { occurrencesOverlapping } from './occurrences.js';
import { expandRecurrence, type Recurrence, recurrenceProblems } from './recurrence.js';
import { type ByDay, FREQUENCIES, parseRRule, type RRule } from './rrule.js';

const HOUR = 3_600_000;

function recurrence(
  start: string,
  rrule: string,
  zone = 'Europe/Berlin',
  durationMs = HOUR,
): Recurrence {
  const [date, time] = start.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return {
    start: { year, month, day, hour, minute, second: 0 },
    zone,
    durationMs,
    rule: parseRRule(rrule),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const startsOf = (r: Recurrence) => expandRecurrence(r).starts.map(iso);

describe('expandRecurrence', () => {
  it('keeps 09:00 local across the spring change (UTC moves from 08:00 to 07:00)', () => {
    expect(startsOf(recurrence('2026-03-24T09:00', 'FREQ=WEEKLY;BYDAY=TU;COUNT=3'))).toEqual([
      '2026-03-24T08:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-04-07T07:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local across the autumn change, daily', () => {
    expect(startsOf(recurrence('2026-10-24T09:00', 'FREQ=DAILY;COUNT=3'))).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
  });

  it('moves a time the clocks skip on by the gap (02:30 on the spring night is 03:30 CEST)', () => {
    expect(startsOf(recurrence('2026-03-28T02:30', 'FREQ=DAILY;COUNT=3'))).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('takes the first of a time that happens twice (02:30 on the autumn night is CEST)', () => {
    expect(startsOf(recurrence('2026-10-25T02:30', 'FREQ=DAILY;COUNT=2'))).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('gives the second Tuesday of each month', () => {
    expect(
      startsOf(recurrence('2026-01-13T22:00', 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3', 'UTC')),
    ).toEqual(['2026-01-13T22:00:00.000Z', '2026-02-10T22:00:00.000Z', '2026-03-10T22:00:00.000Z']);
  });

  it('counts BYMONTHDAY back from the month end', () => {
    expect(
      startsOf(recurrence('2026-01-31T22:00', 'FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3', 'UTC')),
    ).toEqual(['2026-01-31T22:00:00.000Z', '2026-02-28T22:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });

  it('skips invalid dates: the 31st recurs only in long months, Feb 29 only in leap years', () => {
    expect(startsOf(recurrence('2026-01-31T22:00', 'FREQ=MONTHLY;COUNT=4', 'UTC'))).toEqual([
      '2026-01-31T22:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
      '2026-05-31T22:00:00.000Z',
      '2026-07-31T22:00:00.000Z',
    ]);
    expect(startsOf(recurrence('2024-02-29T22:00', 'FREQ=YEARLY;COUNT=2', 'UTC'))).toEqual([
      '2024-02-29T22:00:00.000Z',
      '2028-02-29T22:00:00.000Z',
    ]);
  });

  it('picks the last weekday of each month with BYSETPOS=-1', () => {
    expect(
      startsOf(
        recurrence(
          '2026-01-30T18:00',
          'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3',
          'UTC',
        ),
      ),
    ).toEqual(['2026-01-30T18:00:00.000Z', '2026-02-27T18:00:00.000Z', '2026-03-31T18:00:00.000Z']);
  });

  it('gives the fourth Thursday of November, yearly', () => {
    expect(
      startsOf(recurrence('2026-11-26T20:00', 'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=2', 'UTC')),
    ).toEqual(['2026-11-26T20:00:00.000Z', '2027-11-25T20:00:00.000Z']);
  });

  it('splits weeks at WKST (the RFC 5545 example: Aug 5, 10, 19, 24 against Aug 5, 17, 19, 31)', () => {
    const rule = 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU';
    expect(startsOf(recurrence('1997-08-05T09:00', `${rule};WKST=MO`, 'UTC'))).toEqual([
      '1997-08-05T09:00:00.000Z',
      '1997-08-10T09:00:00.000Z',
      '1997-08-19T09:00:00.000Z',
      '1997-08-24T09:00:00.000Z',
    ]);
    expect(startsOf(recurrence('1997-08-05T09:00', `${rule};WKST=SU`, 'UTC'))).toEqual([
      '1997-08-05T09:00:00.000Z',
      '1997-08-17T09:00:00.000Z',
      '1997-08-19T09:00:00.000Z',
      '1997-08-31T09:00:00.000Z',
    ]);
  });

  it('starts at the first date the rule gives on or after DTSTART', () => {
    // 2026-03-25 is a Wednesday: the first Tuesday after it is the 31st.
    expect(startsOf(recurrence('2026-03-25T09:00', 'FREQ=WEEKLY;BYDAY=TU;COUNT=1'))).toEqual([
      '2026-03-31T07:00:00.000Z',
    ]);
  });

  it('stops at UNTIL, inclusive, in each of its forms', () => {
    const r = (until: string) =>
      startsOf(recurrence('2026-06-01T09:00', `FREQ=DAILY;UNTIL=${until}`));
    expect(r('20260603T070000Z')).toHaveLength(3);
    expect(r('20260603T065959Z')).toHaveLength(2);
    expect(r('20260603T090000')).toHaveLength(3);
    expect(r('20260603')).toHaveLength(3);
    expect(r('20260602')).toHaveLength(2);
  });
});

describe('recurrenceProblems', () => {
  const problems = (start: string, rule: string, durationMs = HOUR) =>
    recurrenceProblems(recurrence(start, rule, 'UTC', durationMs), 'recurrence');

  it('accepts a rule that ends, fits and does not overlap', () => {
    expect(problems('2026-01-06T22:00', 'FREQ=WEEKLY;BYDAY=TU;COUNT=10')).toEqual([]);
  });

  it('refuses a rule that gives no occurrence', () => {
    expect(problems('2026-01-01T22:00', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=1')).toEqual([
      {
        path: 'recurrence.rrule',
        message: 'gives no occurrence on or after DTSTART within 10 years',
      },
    ]);
    expect(problems('2026-01-01T22:00', 'FREQ=DAILY;UNTIL=20251231')).toEqual([
      { path: 'recurrence.rrule', message: 'gives no occurrence on or after DTSTART up to UNTIL' },
    ]);
  });

  it('refuses UNTIL more than 10 years ahead', () => {
    expect(problems('2026-01-01T22:00', 'FREQ=YEARLY;UNTIL=20360102')).toEqual([
      {
        path: 'recurrence.rrule.UNTIL',
        message: 'more than 10 years after DTSTART: plan within 10 years',
      },
    ]);
    expect(problems('2026-01-01T22:00', 'FREQ=YEARLY;UNTIL=20360101')).toEqual([]);
  });

  it('refuses COUNT that reaches past 10 years', () => {
    expect(problems('2026-01-01T22:00', 'FREQ=YEARLY;COUNT=12')).toEqual([
      {
        path: 'recurrence.rrule.COUNT',
        message: '12 reaches more than 10 years after DTSTART (11 occurrences fall within them)',
      },
    ]);
  });

  it('refuses more than 1000 occurrences', () => {
    expect(problems('2026-01-01T22:00', 'FREQ=DAILY;UNTIL=20301231')).toEqual([
      {
        path: 'recurrence.rrule',
        message: 'gives more than 1000 occurrences: end it sooner with UNTIL or COUNT',
      },
    ]);
  });

  it('refuses occurrences closer together than the duration', () => {
    expect(problems('2026-01-05T22:00', 'FREQ=DAILY;COUNT=3', 25 * HOUR)).toEqual([
      {
        path: 'recurrence.durationMinutes',
        message:
          "occurrences at 2026-01-05T22:00:00.000Z and 2026-01-06T22:00:00.000Z are 1440 minutes apart, less than the window's 1500: they would overlap",
      },
    ]);
    expect(problems('2026-01-05T22:00', 'FREQ=DAILY;COUNT=3', 24 * HOUR)).toEqual([]);
  });
});

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC', 'Asia/Kolkata'];

const ruleArbitrary: fc.Arbitrary<{ rule: RRule; text: string }> = fc
  .record({
    freq: fc.constantFrom(...FREQUENCIES),
    interval: fc.integer({ min: 1, max: 3 }),
    count: fc.integer({ min: 1, max: 40 }),
    days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
    ordinal: fc.option(fc.constantFrom(1, 2, -1), { nil: undefined }),
    monthDays: fc.uniqueArray(fc.constantFrom(1, 10, 15, 28, 31, -1, -3), { maxLength: 2 }),
    months: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }),
    setPos: fc.option(fc.constantFrom(1, -1, 2), { nil: undefined }),
  })
  .map(({ freq, interval, count, days, ordinal, monthDays, months, setPos }) => {
    const numbered = freq === 'MONTHLY' || freq === 'YEARLY' ? ordinal : undefined;
    const names = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
    const parts = [`FREQ=${freq}`, `INTERVAL=${interval}`, `COUNT=${count}`];
    if (days.length > 0)
      parts.push(`BYDAY=${days.map((d) => `${numbered ?? ''}${names[d]}`).join(',')}`);
    if (monthDays.length > 0 && freq !== 'WEEKLY') parts.push(`BYMONTHDAY=${monthDays.join(',')}`);
    if (months.length > 0) parts.push(`BYMONTH=${months.join(',')}`);
    if (setPos !== undefined && parts.length > 3) parts.push(`BYSETPOS=${setPos}`);
    const text = parts.join(';');
    return { rule: parseRRule(text), text };
  });

const startArbitrary = fc.record({
  year: fc.integer({ min: 2020, max: 2030 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  // Clear of the hours clocks skip in these zones, so the local time always exists.
  hour: fc.integer({ min: 4, max: 23 }),
  minute: fc.constantFrom(0, 15, 30, 45),
  second: fc.constant(0),
});

function onRuleDays(
  rule: RRule,
  local: { year: number; month: number; day: number; weekday: number },
) {
  if (rule.byMonth.length > 0 && !rule.byMonth.includes(local.month)) return false;
  if (rule.byDay.length > 0 && !rule.byDay.some((d: ByDay) => d.weekday === local.weekday))
    return false;
  if (rule.byMonthDay.length > 0) {
    const length = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
    if (!rule.byMonthDay.some((n) => (n > 0 ? n : length + n + 1) === local.day)) return false;
  }
  return true;
}

describe('expansion properties', () => {
  const input = fc.record({
    rule: ruleArbitrary,
    start: startArbitrary,
    zone: fc.constantFrom(...ZONES),
  });

  it('gives strictly increasing starts on the rule’s days at DTSTART’s local time, at most COUNT', () => {
    fc.assert(
      fc.property(input, ({ rule: { rule }, start, zone }) => {
        const { starts } = expandRecurrence({ start, zone, durationMs: HOUR, rule });
        expect(starts.length).toBeLessThanOrEqual(rule.count as number);
        const first = Date.UTC(start.year, start.month - 1, start.day);
        for (let i = 0; i < starts.length; i++) {
          const at = starts[i] as number;
          if (i > 0) expect(at).toBeGreaterThan(starts[i - 1] as number);
          const local = wallTime(at, zone);
          expect([local.hour, local.minute]).toEqual([start.hour, start.minute]);
          expect(onRuleDays(rule, local)).toBe(true);
          expect(Date.UTC(local.year, local.month - 1, local.day)).toBeGreaterThanOrEqual(first);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('respects UNTIL: the same rule ended by UNTIL gives the COUNT list cut at UNTIL', () => {
    fc.assert(
      fc.property(input, fc.nat(), ({ rule: { rule }, start, zone }, pick) => {
        const counted = expandRecurrence({ start, zone, durationMs: HOUR, rule }).starts;
        if (counted.length === 0) return;
        const until = counted[pick % counted.length] as number;
        const { count: _count, ...rest } = rule;
        const bounded = expandRecurrence({
          start,
          zone,
          durationMs: HOUR,
          rule: { ...rest, until: { utc: until } },
        }).starts;
        expect(bounded).toEqual(counted.filter((at) => at <= until));
      }),
      { numRuns: 200 },
    );
  });

  it('expanding over [a, b) then [b, c) equals expanding over [a, c)', () => {
    fc.assert(
      fc.property(
        input,
        fc.tuple(fc.nat(), fc.nat(), fc.nat()),
        ({ rule: { text }, start, zone }, offsets) => {
          const pad = (n: number) => String(n).padStart(2, '0');
          const schedule = {
            kind: 'recurring' as const,
            start: `${start.year}-${pad(start.month)}-${pad(start.day)}T${pad(start.hour)}:${pad(start.minute)}`,
            zone,
            durationMinutes: 0,
            rrule: text,
          };
          const base = Date.UTC(start.year, start.month - 1, start.day);
          const year = 366 * 24 * HOUR;
          const [a, b, c] = offsets
            .map((n) => base - year + (n % (6 * year)))
            .sort((x, y) => x - y) as [number, number, number];
          // Zero-length occurrences overlap [from, to) only when they start inside it.
          const startsIn = (from: number, to: number) =>
            occurrencesOverlapping(schedule, from - 1, to).filter((o) => o.start >= from);
          expect([...startsIn(a, b), ...startsIn(b, c)]).toEqual(startsIn(a, c));
        },
      ),
      { numRuns: 200 },
    );
  });
});
