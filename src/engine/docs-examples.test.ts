import { describe, expect, it } from 'vitest';
import type { StatusLevel } from '../model/levels.js';
import { createEngine } from './engine.js';
import { sketchModel } from './model-builder.test-helper.js';

/** The worked examples of docs/status-rules.md, as they are written there. */
describe('docs/status-rules.md worked examples', () => {
  function levelWith(
    engine: ReturnType<typeof createEngine>,
    levels: Record<string, StatusLevel>,
    of: string,
  ) {
    const inputs = Object.entries(levels).map(([service, level]) => ({
      type: 'signal' as const,
      service,
      key: 'k',
      level,
    }));
    return (
      engine.whatIf(inputs).changes.find((c) => c.service === of)?.to ?? engine.status(of).level
    );
  }

  it('edge impacts: the web shop with a soft dependency', () => {
    const engine = createEngine(
      sketchModel({
        services: ['shop', 'payments', 'recommendations'],
        dependsOn: [
          'shop->payments',
          { from: 'shop', to: 'recommendations', impact: 'cap:degraded' },
        ],
      }),
    );
    expect(levelWith(engine, { recommendations: 'major_outage' }, 'shop')).toBe('degraded');
    expect(
      levelWith(engine, { recommendations: 'major_outage', payments: 'partial_outage' }, 'shop'),
    ).toBe('partial_outage');
  });

  it('atLeast: the five-node cluster', () => {
    const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
    const engine = createEngine(
      sketchModel({
        services: {
          cluster: { rule: { atLeast: { ok: '60%', degraded: '30%' } } },
          ...Object.fromEntries(nodes.map((n) => [n, {}])),
        },
        dependsOn: nodes.map((n) => `cluster->${n}`),
      }),
    );
    const M = 'major_outage';
    expect(levelWith(engine, { n5: M }, 'cluster')).toBe('operational');
    expect(levelWith(engine, { n3: M, n4: M, n5: M }, 'cluster')).toBe('degraded');
    expect(levelWith(engine, { n2: 'partial_outage', n3: M, n4: M, n5: M }, 'cluster')).toBe(M);
    expect(levelWith(engine, { n3: 'unknown', n4: 'unknown', n5: 'unknown' }, 'cluster')).toBe(
      'degraded',
    );
  });

  it('thresholds: the order service over three weighted data centres', () => {
    const engine = createEngine(
      sketchModel({
        services: {
          orders: {
            rule: {
              thresholds: [
                { count: 1, of: 'degraded', then: 'degraded' },
                { weightPercent: 50, of: 'major_outage', then: 'major_outage' },
              ],
            },
          },
          'dc-a': {},
          'dc-b': {},
          'dc-c': {},
        },
        dependsOn: [{ from: 'orders', to: 'dc-a', weight: 2 }, 'orders->dc-b', 'orders->dc-c'],
      }),
    );
    expect(levelWith(engine, {}, 'orders')).toBe('operational');
    expect(levelWith(engine, { 'dc-b': 'degraded' }, 'orders')).toBe('degraded');
    expect(levelWith(engine, { 'dc-a': 'major_outage' }, 'orders')).toBe('major_outage');
    expect(levelWith(engine, { 'dc-b': 'major_outage' }, 'orders')).toBe('degraded');
  });
});
