import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Service, ServiceHours } from '../model/entities.js';
import { STATUS_LEVELS } from '../model/levels.js';
import { buildService, MemoryHistory } from './memory-history.test-helper.js';
import type { Period } from './period.js';
import { servicesAvailability } from './report.js';
import { WEIGHTED_LEVELS, type Weights } from './weights.js';

const MONDAY = Date.parse('2026-10-05T00:00:00Z');
const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 24 * 60;
const SERVICES = ['a', 'b', 'c'];

const change = fc.record({
  service: fc.constantFrom(...SERVICES),
  // Some before the period, so the state at its start matters too.
  minute: fc.integer({ min: -600, max: WEEK_MINUTES + 600 }),
  level: fc.constantFrom(...STATUS_LEVELS),
  maintenance: fc.boolean(),
});

const range = fc
  .tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 48 }))
  .map(([start, length]) => {
    const end = Math.min(48, start + length);
    const hhmm = (half: number) =>
      `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`;
    return `${hhmm(start)}-${hhmm(end === start ? start + 1 : end)}`;
  });

const hours: fc.Arbitrary<ServiceHours | undefined> = fc.option(
  fc.record({
    timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
    weekly: fc.record(
      {
        mon: fc.array(range, { maxLength: 2 }),
        wed: fc.array(range, { maxLength: 2 }),
        sat: fc.array(range, { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    holidays: fc.subarray(['2026-10-05', '2026-10-07', '2026-10-10']),
  }),
  { nil: undefined },
);

const weights: fc.Arbitrary<Weights> = fc.record(
  Object.fromEntries(
    WEIGHTED_LEVELS.map((level) => [level, fc.double({ min: 0, max: 1, noNaN: true })]),
  ) as Record<keyof Weights, fc.Arbitrary<number>>,
);

function model(calendar: ServiceHours | undefined, slo: number | undefined): Service[] {
  return SERVICES.map((id) =>
    buildService(id, { ...(calendar && { hours: calendar }), ...(slo !== undefined && { slo }) }),
  );
}

function period(fromMinute: number, toMinute: number): Period {
  const from = MONDAY + fromMinute * MINUTE;
  const to = MONDAY + toMinute * MINUTE;
  return { label: 'test', kind: 'custom', zone: 'UTC', from, to, end: to, partial: false };
}

type Change = typeof change extends fc.Arbitrary<infer C> ? C : never;

function record(changes: readonly Change[]): MemoryHistory {
  const history = new MemoryHistory();
  for (const c of changes)
    history.record(c.service, MONDAY + c.minute * MINUTE, {
      level: c.level,
      maintenance: c.maintenance,
      acknowledged: false,
    });
  return history;
}

describe('availability properties', () => {
  it('is between 0 and 100, and its parts add up', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(change, { maxLength: 40 }),
        hours,
        weights,
        fc.option(fc.double({ min: 90, max: 100, noNaN: true }), { nil: undefined }),
        async (changes, calendar, w, slo) => {
          const request = { history: record(changes), period: period(0, WEEK_MINUTES), weights: w };
          for (const figures of await servicesAvailability(request, model(calendar, slo))) {
            if (figures.availability !== null) {
              expect(figures.availability).toBeGreaterThanOrEqual(0);
              expect(figures.availability).toBeLessThanOrEqual(100);
            }
            expect(figures.plannedMinutes).toBeLessThanOrEqual(figures.serviceMinutes);
            const byLevel = Object.values(figures.downtimeByLevel).reduce((a, b) => a + b, 0);
            expect(byLevel).toBeLessThanOrEqual(
              figures.serviceMinutes - figures.plannedMinutes + 0.01,
            );
            expect(figures.downtimeMinutes).toBeLessThanOrEqual(byLevel + 0.01);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('does not depend on the order in which changes of different services were recorded', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(change, { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 40, maxLength: 40 }),
        hours,
        weights,
        async (changes, picks, calendar, w) => {
          // Interleave the services' own sequences in another order, each kept in its own.
          const queues = SERVICES.map((s) => changes.filter((c) => c.service === s));
          const shuffled: Change[] = [];
          for (let i = 0; queues.some((q) => q.length > 0); i++) {
            const preferred = picks[i % picks.length] as number;
            const queue = queues[preferred]?.length
              ? queues[preferred]
              : queues.find((q) => q.length > 0);
            shuffled.push(queue?.shift() as Change);
          }
          const ask = async (list: Change[]) =>
            servicesAvailability(
              { history: record(list), period: period(0, WEEK_MINUTES), weights: w },
              model(calendar, 99.9),
            );
          expect(await ask(shuffled)).toEqual(await ask(changes));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('gives the same downtime over a period as over its two parts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(change, { maxLength: 40 }),
        fc.integer({ min: 1, max: WEEK_MINUTES - 1 }),
        hours,
        weights,
        async (changes, split, calendar, w) => {
          const history = record(changes);
          const services = model(calendar, undefined);
          const ask = (from: number, to: number) =>
            servicesAvailability({ history, period: period(from, to), weights: w }, services);
          const whole = await ask(0, WEEK_MINUTES);
          const first = await ask(0, split);
          const second = await ask(split, WEEK_MINUTES);
          whole.forEach((figures, i) => {
            const a = first[i] as (typeof first)[number];
            const b = second[i] as (typeof second)[number];
            expect(a.serviceMinutes + b.serviceMinutes).toBeCloseTo(figures.serviceMinutes, 2);
            expect(a.plannedMinutes + b.plannedMinutes).toBeCloseTo(figures.plannedMinutes, 2);
            expect(a.downtimeMinutes + b.downtimeMinutes).toBeCloseTo(figures.downtimeMinutes, 2);
            // Availability weighted by counted minutes is the whole period's.
            const counted = (f: typeof a) => f.serviceMinutes - f.plannedMinutes;
            if (figures.availability !== null && counted(figures) > 1) {
              const weighted =
                ((a.availability ?? 0) * counted(a) + (b.availability ?? 0) * counted(b)) /
                counted(figures);
              expect(weighted).toBeCloseTo(figures.availability, 3);
            }
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
