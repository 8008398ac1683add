import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLocalInput, pastStatuses, stepFrom, toLocalInput } from './time-travel-model.js';

describe('pastStatuses', () => {
  it('takes every service not listed as operational then', () => {
    const statuses = pastStatuses(
      ['a', 'b', 'c'],
      [
        {
          service: 'b',
          level: 'major_outage',
          maintenance: false,
          acknowledged: true,
          since: '2026-11-28T18:42:10.000Z',
        },
      ],
    );
    expect([...statuses.values()].map((s) => [s.service, s.level, s.since])).toEqual([
      ['a', 'operational', null],
      ['b', 'major_outage', '2026-11-28T18:42:10.000Z'],
      ['c', 'operational', null],
    ]);
    expect(statuses.get('b')?.acknowledged).toBe(true);
  });
});

describe('stepFrom', () => {
  const now = Date.parse('2026-11-28T12:00:00.000Z');
  it('steps back from now when live, and from the moment shown otherwise', () => {
    expect(stepFrom(null, -3600_000, now)).toBe('2026-11-28T11:00:00.000Z');
    expect(stepFrom('2026-11-28T11:00:00.000Z', -86_400_000, now)).toBe('2026-11-27T11:00:00.000Z');
  });
  it('is live again (null) when a step reaches now', () => {
    expect(stepFrom('2026-11-28T11:30:00.000Z', 3600_000, now)).toBeNull();
  });
});

describe('toLocalInput and fromLocalInput', () => {
  // The wall time, not the instant: in the hour a zone's clock repeats, two instants share it.
  it('read back the wall time they write, for any instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2090-01-01') }),
        (ms) => {
          const wall = toLocalInput(new Date(ms).toISOString());
          expect(toLocalInput(fromLocalInput(wall) as string)).toBe(wall);
        },
      ),
    );
  });
  it('reads values without seconds, and refuses what is not a time', () => {
    expect(fromLocalInput('2026-11-28T09:15')).toBe(new Date(2026, 10, 28, 9, 15).toISOString());
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
  });
});
