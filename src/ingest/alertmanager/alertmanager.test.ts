import { describe, expect, it } from 'vitest';
import { labelsFingerprint } from '../fingerprint.js';
import { fixture, fixtureNames } from '../fixtures.test-helper.js';
import { alertmanagerSource } from './alertmanager.js';

const NOW = Date.parse('2026-11-28T20:00:00Z');
const parse = (body: unknown) => alertmanagerSource.parse(body, NOW);

function problemsOf(body: unknown): { path?: string; message: string }[] {
  const outcome = parse(body);
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.problems;
}

describe('alertmanager source', () => {
  it.each(fixtureNames('alertmanager'))('reads every alert of the sample %s', (name) => {
    const body = fixture('alertmanager', name) as { alerts: { labels: Record<string, string> }[] };
    const outcome = parse(body);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.signals).toHaveLength(body.alerts.length);
    for (const [i, signal] of outcome.signals.entries()) {
      expect(signal.source).toBe('alertmanager');
      expect(signal.labels).toStrictEqual(body.alerts[i]?.labels);
      expect(signal.key).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('reads a group mixing firing and resolved alerts, keyed by fingerprint', () => {
    const outcome = parse(fixture('alertmanager', 'example-v4-firing.json'));
    expect(outcome).toStrictEqual({
      ok: true,
      notes: [],
      signals: [
        {
          source: 'alertmanager',
          key: '3f2b9c1d8e7a6b54',
          state: 'firing',
          startsAt: Date.parse('2026-11-28T19:40:12.345Z'),
          endsAt: null,
          labels: {
            alertname: 'CheckoutHighErrorRate',
            service: 'checkout-api',
            severity: 'critical',
            team: 'payments',
            instance: '10.0.0.11:8080',
            job: 'checkout',
          },
          summary: 'checkout-api 5xx ratio above 5%',
          url: 'http://prometheus.example.internal:9090/graph?g0.expr=job%3Acheckout_5xx_ratio+%3E+0.05&g0.tab=1',
        },
        {
          source: 'alertmanager',
          key: 'a81c44e0b2d9f713',
          state: 'resolved',
          startsAt: Date.parse('2026-11-28T19:35:00Z'),
          endsAt: Date.parse('2026-11-28T19:45:00Z'),
          labels: {
            alertname: 'CheckoutHighErrorRate',
            service: 'checkout-api',
            severity: 'critical',
            team: 'payments',
            instance: '10.0.0.12:8080',
            job: 'checkout',
          },
          summary: 'checkout-api 5xx ratio above 5%',
          url: 'http://prometheus.example.internal:9090/graph?g0.expr=job%3Acheckout_5xx_ratio+%3E+0.05&g0.tab=1',
        },
      ],
    });
  });

  it('keys alerts without a fingerprint by their labels, and reads nanosecond times with offsets', () => {
    const outcome = parse(fixture('alertmanager', 'prom_post_request_2_alerts.json'));
    if (!outcome.ok) throw new Error('refused');
    const [first] = outcome.signals;
    expect(first?.key).toBe(labelsFingerprint({ alertname: 'high_memory_load' }));
    expect(first?.startsAt).toBe(Date.parse('2018-03-07T11:33:21.873Z'));
    expect(first?.state).toBe('firing');
    expect(first?.summary).toBe('Server High Memory usage');
  });

  it('takes an alert without a status whose end has passed as resolved', () => {
    const body = {
      version: '4',
      alerts: [
        { labels: { a: '1' }, startsAt: '2026-11-28T19:00:00Z', endsAt: '2026-11-28T19:30:00Z' },
        { labels: { a: '2' }, startsAt: '2026-11-28T19:00:00Z', endsAt: '2026-11-28T21:00:00Z' },
      ],
    };
    const outcome = parse(body);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.signals.map((s) => [s.state, s.endsAt])).toStrictEqual([
      ['resolved', Date.parse('2026-11-28T19:30:00Z')],
      ['firing', Date.parse('2026-11-28T21:00:00Z')],
    ]);
  });

  it('notes alerts the sender cut from the group', () => {
    const outcome = parse({ version: '4', truncatedAlerts: 7, alerts: [] });
    expect(outcome).toStrictEqual({
      ok: true,
      signals: [],
      notes: ['7 alerts of this group were cut by the sender (max_alerts) and not received'],
    });
  });

  it('refuses an unknown payload version, naming it', () => {
    expect(problemsOf({ version: '5', alerts: [] })).toStrictEqual([
      {
        path: 'version',
        message: 'unknown payload version "5"; this receiver reads version "4"',
      },
    ]);
    expect(problemsOf({ alerts: [] })[0]?.message).toBe(
      'is missing; a alertmanager webhook sends version "4"',
    );
  });

  it('refuses missing fields and wrong types, listing every one with its path', () => {
    const problems = problemsOf({
      version: '4',
      alerts: [
        { labels: { a: 1 }, startsAt: 'yesterday' },
        { startsAt: '2026-11-28T19:00:00Z', status: 'burning', fingerprint: 12 },
        'not an alert',
      ],
    });
    expect(problems).toStrictEqual([
      { path: 'alerts[0].labels.a', message: 'must be a string, not number 1' },
      { path: 'alerts[0].startsAt', message: "'yesterday' is not an RFC 3339 time" },
      { path: 'alerts[1].status', message: "'burning' is neither firing nor resolved" },
      { path: 'alerts[1].fingerprint', message: 'must be a string, not number 12' },
      { path: 'alerts[1].labels', message: 'is missing' },
      { path: 'alerts[2]', message: "must be an object, not the string 'not an alert'" },
    ]);
  });

  it('refuses a group larger than a request may carry, whole', () => {
    const alert = { labels: { a: '1' }, startsAt: '2026-11-28T19:00:00Z' };
    const problems = problemsOf({
      version: '4',
      alerts: Array.from({ length: 1001 }, () => alert),
    });
    expect(problems).toStrictEqual([
      {
        path: 'alerts',
        message:
          'has 1001 alerts; at most 1000 a request (lower max_alerts or group_by more finely)',
      },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(problemsOf([1, 2])).toStrictEqual([
      { path: 'body', message: 'must be an object, not an array' },
    ]);
    expect(problemsOf(null)).toStrictEqual([
      { path: 'body', message: 'must be an object, not null' },
    ]);
  });

  it('refuses impossible dates that Date.parse would roll over', () => {
    const body = { version: '4', alerts: [{ labels: {}, startsAt: '2026-02-30T00:00:00Z' }] };
    expect(problemsOf(body)).toStrictEqual([
      { path: 'alerts[0].startsAt', message: "'2026-02-30T00:00:00Z' is not an RFC 3339 time" },
    ]);
  });
});
