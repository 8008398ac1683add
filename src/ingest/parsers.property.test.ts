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
});
