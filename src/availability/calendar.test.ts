import { describe, expect, it } from 'vitest';
import type { ServiceHours } from '../model/entities.js';
import { InputError } from '../model/errors.js';
import { CalendarCache, serviceIntervals, totalLength, unionOf } from './calendar.js';

const HOUR = 3_600_000;
const at = (text: string) => Date.parse(text);
const iso = (list: readonly number[]) => list.map((ms) => new Date(ms).toISOString());

function hours(weekly: ServiceHours['weekly'], timeZone = 'UTC', holidays: string[] = []) {
  return { timeZone, weekly, holidays };
}

describe('service hours as UTC intervals', () => {
  it('is the whole period without hours', () => {
    expect(serviceIntervals(undefined, 10, 20)).toEqual([10, 20]);
    expect(serviceIntervals(undefined, 20, 20)).toEqual([]);
  });

  it('turns office hours in Berlin into UTC, before and after the spring change', () => {
    const office = hours(
      { mon: ['08:00-18:00'], tue: ['08:00-18:00'], wed: ['08:00-12:00', '13:00-17:00'] },
      'Europe/Berlin',
    );
    // Monday 23 March 2026 (CET, +1) to Tuesday 31 March (CEST, +2 since Sunday the 29th).
    const list = serviceIntervals(office, at('2026-03-23T00:00Z'), at('2026-04-01T00:00Z'));
    expect(iso(list)).toEqual([
      '2026-03-23T07:00:00.000Z',
      '2026-03-23T17:00:00.000Z',
      '2026-03-24T07:00:00.000Z',
      '2026-03-24T17:00:00.000Z',
      '2026-03-25T07:00:00.000Z',
      '2026-03-25T11:00:00.000Z',
      '2026-03-25T12:00:00.000Z',
      '2026-03-25T16:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-03-30T16:00:00.000Z',
      '2026-03-31T06:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
    ]);
  });

  it('counts the day the clocks change as 23 and 25 hours (Berlin, March and October 2026)', () => {
    const sundays = hours({ sun: ['00:00-24:00'] }, 'Europe/Berlin');
    // March 2026 in Berlin: Sundays 1, 8, 15, 22 (24 h) and 29 (23 h) = 119 h.
    const march = serviceIntervals(sundays, at('2026-02-28T23:00Z'), at('2026-03-31T22:00Z'));
    expect(totalLength(march)).toBe(119 * HOUR);
    expect(iso(march.slice(8))).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    // October 2026: Sundays 4, 11, 18 (24 h) and 25 (25 h) = 97 h.
    const october = serviceIntervals(sundays, at('2026-09-30T22:00Z'), at('2026-10-31T23:00Z'));
    expect(totalLength(october)).toBe(97 * HOUR);
    expect(iso(october.slice(6))).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });

  it('gives no time to a range in the spring gap and both passes to one in the autumn repeat', () => {
    const night = hours({ sun: ['02:00-03:00'] }, 'Europe/Berlin');
    // 29 March: 02:00-03:00 never happens. 1, 8, 15, 22 March: 1 h each.
    expect(
      totalLength(serviceIntervals(night, at('2026-02-28T23:00Z'), at('2026-03-31T22:00Z'))),
    ).toBe(4 * HOUR);
    // 25 October: 02:00 CEST (00:00Z) to 03:00 CET (02:00Z) = 2 h; 4, 11, 18 October: 1 h each.
    const october = serviceIntervals(night, at('2026-09-30T22:00Z'), at('2026-10-31T23:00Z'));
    expect(totalLength(october)).toBe(5 * HOUR);
    expect(iso(october.slice(6))).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T02:00:00.000Z']);
  });

  it('leaves out holidays and knows month ends and 29 February', () => {
    const daily = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['09:00-17:00']]),
    );
    // February 2024: 29 days of 8 h = 232 h; without the leap day and 1 February: 216 h.
    const feb = [at('2024-02-01T00:00Z'), at('2024-03-01T00:00Z')] as const;
    expect(totalLength(serviceIntervals(hours(daily), ...feb))).toBe(232 * HOUR);
    expect(
      totalLength(serviceIntervals(hours(daily, 'UTC', ['2024-02-29', '2024-02-01']), ...feb)),
    ).toBe(216 * HOUR);
    // April 2026 has 30 days; the interval of the 30th ends inside the month.
    const april = serviceIntervals(hours(daily), at('2026-04-01T00:00Z'), at('2026-05-01T00:00Z'));
    expect(april.length).toBe(60);
    expect(iso(april.slice(-1))).toEqual(['2026-04-30T17:00:00.000Z']);
  });

  it('clips ranges to the period and runs a range ending before it starts into the next day', () => {
    const late = hours({ sat: ['22:00-06:00'] });
    // Saturday 3 October 2026 22:00 to Sunday 06:00; the period starts Sunday 00:00.
    expect(iso(serviceIntervals(late, at('2026-10-04T00:00Z'), at('2026-10-05T00:00Z')))).toEqual([
      '2026-10-04T00:00:00.000Z',
      '2026-10-04T06:00:00.000Z',
    ]);
    const office = hours({ mon: ['08:00-18:00'] });
    expect(iso(serviceIntervals(office, at('2026-10-05T12:00Z'), at('2026-10-05T20:00Z')))).toEqual(
      ['2026-10-05T12:00:00.000Z', '2026-10-05T18:00:00.000Z'],
    );
  });

  it('joins ranges that touch or overlap', () => {
    const split = hours({ mon: ['08:00-12:00', '12:00-14:00', '13:00-15:00'] });
    expect(iso(serviceIntervals(split, at('2026-10-05T00:00Z'), at('2026-10-06T00:00Z')))).toEqual([
      '2026-10-05T08:00:00.000Z',
      '2026-10-05T15:00:00.000Z',
    ]);
    expect(
      unionOf([
        [1, 3, 7, 9],
        [2, 5],
        [9, 10],
      ]),
    ).toEqual([1, 5, 7, 10]);
  });

  it('refuses a range it cannot read, naming the field', () => {
    const broken = hours({ tue: ['08:00-18:00', '8-18'] });
    try {
      new CalendarCache(0, 7 * 86_400_000).intervals(broken, 'services.crm.hours');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).details).toEqual([
        {
          path: 'services.crm.hours.weekly.tue[1]',
          message: "'8-18' is not a range such as 08:00-18:00",
        },
      ]);
    }
  });
});
