import { describe, expect, it } from 'vitest';
import { checkRules } from './check-rules.js';
import { sketchModel } from './model-builder.test-helper.js';

describe('checkRules', () => {
  it('accepts rules that can be met', () => {
    const model = sketchModel({
      services: {
        pool: { rule: { atLeast: { ok: 2, degraded: 1 } } },
        web: {
          rule: {
            thresholds: [
              { count: 2, of: 'degraded', then: 'major_outage' },
              { weight: 3, of: 'major_outage', then: 'partial_outage' },
            ],
          },
        },
        a: {},
        b: {},
      },
      dependsOn: ['pool->a', 'pool->b', 'web->a', { from: 'web', to: 'b', weight: 2 }],
    });
    expect(checkRules(model)).toEqual([]);
  });

  it('reports an atLeast count larger than the dependencies that count (ignore edges do not)', () => {
    const model = sketchModel({
      services: {
        pool: { rule: { atLeast: { ok: 2, degraded: 3 } } },
        lone: { rule: { atLeast: { ok: 1 } } },
        a: {},
        b: {},
      },
      dependsOn: ['pool->a', { from: 'pool', to: 'b', impact: 'ignore' }],
    });
    expect(checkRules(model)).toEqual([
      {
        path: 'services[0].rule.atLeast.ok',
        message: "service 'pool': 2 can never be reached: it has only 1 dependency that count",
      },
      {
        path: 'services[0].rule.atLeast.degraded',
        message: "service 'pool': 3 can never be reached: it has only 1 dependency that count",
      },
      {
        path: 'services[1].rule.atLeast.ok',
        message: "service 'lone': 1 can never be reached: it has no dependencies that count",
      },
    ]);
  });

  it('leaves percents alone, and reports threshold counts and weights that cannot be reached', () => {
    const model = sketchModel({
      services: {
        web: {
          rule: {
            thresholds: [
              { count: 3, of: 'degraded', then: 'major_outage' },
              { weight: 5, of: 'degraded', then: 'major_outage' },
              { percent: 100, of: 'degraded', then: 'major_outage' },
            ],
          },
        },
        pool: { rule: { atLeast: { ok: '100%' } } },
        a: {},
        b: {},
      },
      dependsOn: ['web->a', { from: 'web', to: 'b', weight: 2 }, 'pool->a'],
    });
    expect(checkRules(model).map((p) => p.path)).toEqual([
      'services[0].rule.thresholds[0].count',
      'services[0].rule.thresholds[1].weight',
    ]);
    expect(checkRules(model)[1]?.message).toBe(
      "service 'web': weight 5 can never be reached: its dependencies that count weigh 3 in all",
    );
  });

  it('reports a negative or infinite weight', () => {
    const model = sketchModel({
      services: ['a', 'b', 'c'],
      dependsOn: [
        { from: 'a', to: 'b', weight: -1 },
        { from: 'a', to: 'c', weight: Number.POSITIVE_INFINITY },
      ],
    });
    expect(checkRules(model).map((p) => p.path)).toEqual([
      'dependencies[0].weight',
      'dependencies[1].weight',
    ]);
  });
});
