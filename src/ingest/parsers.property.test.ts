import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertmanagerSource } from './alertmanager/alertmanager.js';
import { parseRfc3339 } from './fields.js';
import { genericSource } from './generic/generic.js';
import { grafanaSource } from './grafana/grafana.js';
import type { SignalSource } from './signal.js';

const NOW = Date.parse('2026-11-28T20:00:00Z');
const SOURCES: SignalSource[] = [alertmanagerSource, grafanaSource, genericSource];

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,20}$/);
const labels = fc.dictionary(labelName, fc.string({ maxLength: 30 }), { maxKeys: 8 });
const time = fc
  .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());
const alert = fc.record(
  {
    status: fc.constantFrom('firing', 'resolved'),
    labels,
    annotations: labels,
    startsAt: time,
    endsAt: fc.oneof(time, fc.constant('0001-01-01T00:00:00Z')),
    fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
  },
  { requiredKeys: ['labels', 'startsAt'] },
);

describe('signal parsers (properties)', () => {
  it('never throw on any JSON value: they accept it or list problems', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const source of SOURCES) {
          const outcome = source.parse(value, NOW);
          if (!outcome.ok) expect(outcome.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throw on garbage placed inside an otherwise valid group', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(alert, fc.jsonValue() as fc.Arbitrary<unknown>)), (alerts) => {
        const outcome = alertmanagerSource.parse({ version: '4', alerts }, NOW);
        if (outcome.ok) expect(outcome.signals).toHaveLength(alerts.length);
        else expect(outcome.problems.length).toBeGreaterThan(0);
      }),
    );
  });

  it('read every well-formed alert group into one signal per alert, keeping labels and times', () => {
    fc.assert(
      fc.property(fc.array(alert, { maxLength: 20 }), (alerts) => {
        const outcome = alertmanagerSource.parse({ version: '4', alerts }, NOW);
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        outcome.signals.forEach((signal, i) => {
          const sent = alerts[i] as (typeof alerts)[number];
          expect(Object.entries(signal.labels)).toStrictEqual(Object.entries(sent.labels));
          expect(signal.startsAt).toBe(Date.parse(sent.startsAt));
          if (sent.status) expect(signal.state).toBe(sent.status);
          if (sent.fingerprint) expect(signal.key).toBe(sent.fingerprint);
        });
      }),
    );
  });

  it('parse RFC 3339 times as Date.parse does for valid ISO times', () => {
    fc.assert(
      fc.property(time, (text) => {
        expect(parseRfc3339(text)).toBe(Date.parse(text));
      }),
    );
  });

  it('parse any RFC 3339 time (years 0 to 9999, fractions to nanoseconds, offsets) to the instant it names', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const parts = fc.record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 60 }),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
      offset: fc.option(fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(parts, (p) => {
        const zone =
          p.offset === undefined
            ? 'Z'
            : `${p.offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(p.offset) / 60), 2)}:${pad(Math.abs(p.offset) % 60, 2)}`;
        const text = `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${p.fraction === undefined ? '' : `.${p.fraction}`}${zone}`;
        // The oracle: a Date in UTC (setUTCFullYear, as Date.UTC moves years 0 to 99 to 19xx),
        // which rolls an impossible day (31 April) over: those must be refused instead.
        const date = new Date(
          Date.UTC(2000, p.month - 1, p.day, p.hour, p.minute, Math.min(p.second, 59)),
        );
        date.setUTCFullYear(p.year, p.month - 1, p.day);
        const ms = p.fraction === undefined ? 0 : Number(p.fraction.padEnd(3, '0').slice(0, 3));
        const expected =
          date.getUTCDate() === p.day ? date.getTime() + ms - (p.offset ?? 0) * 60_000 : undefined;
        expect(parseRfc3339(text)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
