import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRRule } from '../../../../src/maintenance/rrule.js';
import {
  buildRrule,
  choiceFromStart,
  describeRepeat,
  NTHS,
  type RepeatChoice,
  WEEKDAYS,
} from './rrule-model.js';

const base = choiceFromStart('2026-12-08'); // a Tuesday, the second of the month

describe('choiceFromStart', () => {
  it('takes the weekday and its place in the month from the date', () => {
    expect(base).toMatchObject({ weekdays: ['TU'], weekday: 'TU', nth: 2 });
    expect(choiceFromStart('2026-12-31')).toMatchObject({ weekday: 'TH', nth: 4 });
    expect(choiceFromStart('')).toMatchObject({ weekday: 'MO', nth: 1 });
  });
});

describe('buildRrule', () => {
  it('writes the common cases', () => {
    expect(buildRrule({ ...base, frequency: 'daily', count: 5 })).toBe('FREQ=DAILY;COUNT=5');
    expect(
      buildRrule({
        ...base,
        interval: 2,
        weekdays: ['TH', 'MO'],
        ends: 'until',
        until: '2027-03-01',
      }),
    ).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270301');
    expect(buildRrule({ ...base, frequency: 'monthly', count: 12 })).toBe(
      'FREQ=MONTHLY;BYDAY=2TU;COUNT=12',
    );
    expect(buildRrule({ ...base, frequency: 'monthly', nth: -1, weekday: 'FR' })).toBe(
      'FREQ=MONTHLY;BYDAY=-1FR;COUNT=10',
    );
    expect(buildRrule({ ...base, frequency: 'raw', raw: ' RRULE:FREQ=YEARLY;COUNT=2 ' })).toBe(
      'FREQ=YEARLY;COUNT=2',
    );
  });

  it('always writes a rule the server reads back as the same choices', () => {
    const choice = fc.record<RepeatChoice>({
      frequency: fc.constantFrom('daily', 'weekly', 'monthly'),
      interval: fc.integer({ min: 1, max: 12 }),
      weekdays: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      nth: fc.constantFrom(...NTHS),
      weekday: fc.constantFrom(...WEEKDAYS),
      ends: fc.constantFrom('count', 'until'),
      count: fc.integer({ min: 1, max: 1000 }),
      until: fc
        .date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      raw: fc.constant(''),
    });
    fc.assert(
      fc.property(choice, (c) => {
        const rule = parseRRule(buildRrule(c));
        expect(rule.freq).toBe(c.frequency.toUpperCase());
        expect(rule.interval).toBe(c.interval);
        if (c.ends === 'count') expect(rule.count).toBe(c.count);
        else expect(rule.count).toBeUndefined();
      }),
    );
  });
});

describe('describeRepeat', () => {
  it('says the choices in words', () => {
    expect(describeRepeat({ ...base, weekdays: ['TH', 'MO', 'WE'] })).toBe(
      'Every week on Monday, Wednesday and Thursday, 10 times',
    );
    expect(describeRepeat({ ...base, frequency: 'monthly', interval: 3, nth: -1 })).toBe(
      'Every 3 months on the last Tuesday, 10 times',
    );
    expect(
      describeRepeat({ ...base, frequency: 'daily', ends: 'until', until: '2027-01-31' }),
    ).toBe('Every day, until 2027-01-31');
  });
});
