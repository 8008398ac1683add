import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Figures } from '../../api/ops-types.js';
import {
  inPool,
  lastDays,
  lastDaysPeriod,
  minutesText,
  percentText,
  periodChoices,
  sortRows,
} from './availability-model.js';

const now = new Date(2026, 10, 28, 15, 30); // 28 November 2026, browser zone

describe('periods', () => {
  it('counts the last days with today, across a month end', () => {
    expect(lastDays(3, new Date(2026, 11, 1, 9))).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
    expect(lastDays(30, now)).toHaveLength(30);
    expect(lastDaysPeriod(30, now)).toBe('2026-10-30..2026-11-28');
  });
  it('names this and last month, quarter and year', () => {
    expect(periodChoices(now).map((p) => p.value)).toEqual([
      '2026-11',
      '2026-10',
      '2026-Q4',
      '2026-Q3',
      '2026',
      '2026-10-30..2026-11-28',
      '2026-08-31..2026-11-28',
    ]);
    expect(
      periodChoices(new Date(2027, 0, 5))
        .slice(1, 4)
        .map((p) => p.value),
    ).toEqual(['2026-12', '2027-Q1', '2026-Q4']);
  });
});

describe('text', () => {
  it('writes percentages and minutes', () => {
    expect(percentText(99.930368)).toBe('99.93 %');
    expect(percentText(99.99951)).toBe('100 %');
    expect(percentText(99.9995, 4)).toBe('99.9995 %');
    expect(percentText(null)).toBe('—');
    expect(minutesText(0)).toBe('0 min');
    expect(minutesText(42.4)).toBe('42 min');
    expect(minutesText(65)).toBe('1 h 5 min');
    expect(minutesText(1440 + 120)).toBe('1 d 2 h');
    expect(minutesText(-13.52)).toBe('−14 min');
  });
});

const figures = (patch: Partial<Figures>): Figures => ({
  availability: 100,
  serviceMinutes: 1440,
  plannedMinutes: 0,
  downtimeMinutes: 0,
  downtimeByLevel: { major_outage: 0, partial_outage: 0, degraded: 0, unknown: 0 },
  slo: null,
  met: null,
  errorBudget: null,
  burnRate: null,
  incidents: 0,
  mttrMinutes: null,
  mtbfMinutes: null,
  ...patch,
});

describe('sortRows', () => {
  const rows = [
    { name: 'b', figures: figures({ availability: 99.5, slo: 99.9, met: false }) },
    { name: 'a', figures: figures({ availability: 99.95, slo: 99.9, met: true }) },
    { name: 'c', figures: figures({ availability: null }) },
    { name: 'd', figures: figures({ availability: 98, slo: 99, met: false }) },
  ];
  it('puts breaches first, then the column, missing values last', () => {
    expect(sortRows(rows, 'availability', 'asc', true).map((r) => r.name)).toEqual([
      'd',
      'b',
      'a',
      'c',
    ]);
    expect(sortRows(rows, 'availability', 'desc', false).map((r) => r.name)).toEqual([
      'a',
      'b',
      'd',
      'c',
    ]);
    expect(sortRows(rows, 'name', 'desc', false).map((r) => r.name)).toEqual(['d', 'c', 'b', 'a']);
  });
});

describe('inPool', () => {
  it('gives every result in order, never running more than the limit at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (items, limit) => {
          let running = 0;
          let most = 0;
          const results = await inPool(items, limit, async (x) => {
            running++;
            most = Math.max(most, running);
            await Promise.resolve();
            running--;
            return x * 2;
          });
          expect(results).toEqual(items.map((x) => x * 2));
          expect(most).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });
});
