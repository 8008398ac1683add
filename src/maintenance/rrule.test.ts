import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { formatRRule, parseRRule } from './rrule.js';

function problemsOf(text: string): { path?: string; message: string }[] {
  try {
    parseRRule(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).details as { path?: string; message: string }[];
  }
  throw new Error(`'${text}' was accepted`);
}

describe('parseRRule', () => {
  it('reads every supported part, in any case and with the RRULE: prefix', () => {
    expect(
      parseRRule(
        'rrule:freq=monthly;interval=2;count=6;byday=2TU,-1su;bymonth=1,7;bysetpos=1;wkst=SU',
      ),
    ).toStrictEqual({
      freq: 'MONTHLY',
      interval: 2,
      count: 6,
      byDay: [
        { weekday: 2, ordinal: 2 },
        { weekday: 0, ordinal: -1 },
      ],
      byMonthDay: [],
      byMonth: [1, 7],
      bySetPos: [1],
      wkst: 0,
    });
  });

  it('reads UNTIL as an instant (Z), a local time, or a whole local day', () => {
    expect(parseRRule('FREQ=DAILY;UNTIL=20261231T080000Z').until).toStrictEqual({
      utc: Date.parse('2026-12-31T08:00:00Z'),
    });
    expect(parseRRule('FREQ=DAILY;UNTIL=20261231T080000').until).toStrictEqual({
      local: Date.parse('2026-12-31T08:00:00Z'),
    });
    expect(parseRRule('FREQ=DAILY;UNTIL=20261231').until).toStrictEqual({
      local: Date.parse('2026-12-31T23:59:59Z'),
    });
  });

  it('writes a rule back in a fixed order that reads the same', () => {
    const text = 'BYDAY=MO,-1FR;FREQ=MONTHLY;COUNT=3;BYSETPOS=-1';
    expect(formatRRule(parseRRule(text))).toBe('FREQ=MONTHLY;COUNT=3;BYDAY=MO,-1FR;BYSETPOS=-1');
    expect(parseRRule(formatRRule(parseRRule(text)))).toStrictEqual(parseRRule(text));
    expect(formatRRule(parseRRule('FREQ=DAILY;UNTIL=20261231T080000Z;WKST=SU'))).toBe(
      'FREQ=DAILY;UNTIL=20261231T080000Z;WKST=SU',
    );
  });

  it('refuses frequencies too short for maintenance, naming FREQ', () => {
    for (const freq of ['SECONDLY', 'MINUTELY', 'HOURLY'])
      expect(problemsOf(`FREQ=${freq};COUNT=3`)).toStrictEqual([
        {
          path: 'rrule.FREQ',
          message: `${freq} is too frequent for maintenance: use DAILY or longer`,
        },
      ]);
  });

  it('refuses unknown, unsupported and repeated parts', () => {
    expect(problemsOf('FREQ=DAILY;COUNT=2;COLOR=RED;BYHOUR=9;COUNT=3')).toStrictEqual([
      { path: 'rrule.COLOR', message: "unknown part 'COLOR'" },
      {
        path: 'rrule.BYHOUR',
        message: 'not supported: occurrences start at the time of day DTSTART gives',
      },
      { path: 'rrule.COUNT', message: 'given twice' },
    ]);
  });

  it('refuses a rule that never ends, and one with both COUNT and UNTIL', () => {
    expect(problemsOf('FREQ=WEEKLY;BYDAY=TU')).toStrictEqual([
      { path: 'rrule', message: 'never ends: give COUNT or UNTIL' },
    ]);
    expect(problemsOf('FREQ=WEEKLY;COUNT=2;UNTIL=20261231')).toStrictEqual([
      { path: 'rrule', message: 'COUNT and UNTIL do not go together: give one' },
    ]);
  });

  it('refuses COUNT over the limit', () => {
    expect(problemsOf('FREQ=DAILY;COUNT=1001')).toStrictEqual([
      { path: 'rrule.COUNT', message: '1001 is over the limit of 1000' },
    ]);
  });

  it('refuses bad values, each naming its part', () => {
    expect(
      problemsOf(
        'FREQ=FORTNIGHTLY;INTERVAL=0;UNTIL=20260230;BYMONTH=13;BYMONTHDAY=0;BYDAY=XX;WKST=FOO',
      ),
    ).toStrictEqual([
      { path: 'rrule.FREQ', message: "'FORTNIGHTLY' is not one of DAILY, WEEKLY, MONTHLY, YEARLY" },
      { path: 'rrule.INTERVAL', message: "'0' is not a whole number from 1 to 1000" },
      {
        path: 'rrule.UNTIL',
        message: "'20260230' is not a date (20261231) or a time (20261231T235959Z)",
      },
      { path: 'rrule.BYMONTH', message: "'13' is not a whole number from 1 to 12" },
      {
        path: 'rrule.BYMONTHDAY',
        message: "'0' is not a whole number from -31 to 31 other than 0",
      },
      {
        path: 'rrule.BYDAY',
        message: "'XX' is not a day (MO … SU, optionally numbered: 2TU, -1SU)",
      },
      { path: 'rrule.WKST', message: "'FOO' is not a day (SU, MO, TU, WE, TH, FR, SA)" },
    ]);
  });

  it('refuses numbered days outside MONTHLY and YEARLY, and past the fifth in a month', () => {
    expect(problemsOf('FREQ=WEEKLY;COUNT=2;BYDAY=2TU')).toStrictEqual([
      {
        path: 'rrule.BYDAY',
        message: 'numbered days (2TU, -1SU) go only with MONTHLY or YEARLY, not WEEKLY',
      },
    ]);
    expect(problemsOf('FREQ=MONTHLY;COUNT=2;BYDAY=6TU')).toStrictEqual([
      { path: 'rrule.BYDAY', message: '6TU: a month has no such day' },
    ]);
    expect(parseRRule('FREQ=YEARLY;COUNT=2;BYDAY=20MO').byDay).toStrictEqual([
      { weekday: 1, ordinal: 20 },
    ]);
  });

  it('refuses BYSETPOS with nothing to pick from and BYMONTHDAY with WEEKLY', () => {
    expect(problemsOf('FREQ=MONTHLY;COUNT=2;BYSETPOS=1')).toStrictEqual([
      { path: 'rrule.BYSETPOS', message: 'needs BYDAY, BYMONTHDAY or BYMONTH to pick from' },
    ]);
    expect(problemsOf('FREQ=WEEKLY;COUNT=2;BYMONTHDAY=1')).toStrictEqual([
      { path: 'rrule.BYMONTHDAY', message: 'does not go with WEEKLY (RFC 5545): use MONTHLY' },
    ]);
  });

  it('refuses a day listed twice and a missing FREQ', () => {
    expect(problemsOf('COUNT=2;BYDAY=MO,MO')).toStrictEqual([
      { path: 'rrule.FREQ', message: 'is required' },
      { path: 'rrule.BYDAY', message: "'MO' is listed twice" },
    ]);
  });
});
