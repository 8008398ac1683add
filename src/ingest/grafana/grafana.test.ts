import { describe, expect, it } from 'vitest';
import { fixture } from '../fixtures.test-helper.js';
import { grafanaSource } from './grafana.js';

const NOW = Date.parse('2026-11-28T20:00:00Z');

describe('grafana source', () => {
  it('reads the sample contact-point payload, linking the alert to its panel', () => {
    expect(grafanaSource.parse(fixture('grafana', 'example-firing.json'), NOW)).toStrictEqual({
      ok: true,
      notes: [],
      signals: [
        {
          source: 'grafana',
          key: '0d9e1c2b3a4f5e6d',
          state: 'firing',
          startsAt: Date.parse('2026-11-28T19:50:00Z'),
          endsAt: null,
          labels: {
            alertname: 'Checkout latency p95',
            grafana_folder: 'Payments',
            service: 'checkout-api',
            severity: 'warning',
          },
          summary: 'p95 latency above 800ms',
          url: 'https://grafana.example.internal/d/chk01?from=1795893000000&to=1795897000000&orgId=1&viewPanel=4',
        },
      ],
    });
  });

  it('refuses an Alertmanager payload sent to the Grafana receiver, naming the version', () => {
    const outcome = grafanaSource.parse(fixture('alertmanager', 'example-v4-firing.json'), NOW);
    expect(outcome).toStrictEqual({
      ok: false,
      problems: [
        {
          path: 'version',
          message: 'unknown payload version "4"; this receiver reads version "1"',
        },
      ],
    });
  });

  it('refuses a wrongly typed orgId and state', () => {
    const outcome = grafanaSource.parse({ version: '1', orgId: 'one', state: 3, alerts: [] }, NOW);
    expect(outcome).toStrictEqual({
      ok: false,
      problems: [
        { path: 'orgId', message: 'must be a whole number' },
        { path: 'state', message: 'must be a string' },
      ],
    });
  });
});
