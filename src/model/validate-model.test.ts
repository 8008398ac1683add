import { describe, expect, it } from 'vitest';
import { buildDependency, buildService } from '../store/test-model.js';
import { emptyModel, type Model } from './entities.js';
import { validateModel } from './validate-model.js';

function model(parts: Partial<Model>): Model {
  return { ...emptyModel(), ...parts };
}

describe('validateModel: rules that cannot fire', () => {
  it('reports an atLeast count above the dependencies that count; ignore edges do not count', () => {
    const problems = validateModel(
      model({
        services: [
          buildService({
            id: 'pool',
            rule: {
              kind: 'atLeast',
              ok: { kind: 'count', value: 2 },
              degraded: { kind: 'count', value: 1 },
            },
          }),
          buildService({ id: 'a' }),
          buildService({ id: 'b' }),
        ],
        dependencies: [
          buildDependency({ from: 'pool', to: 'a' }),
          buildDependency({ from: 'pool', to: 'b', impact: { kind: 'ignore' } }),
        ],
      }),
    );
    expect(problems).toEqual([
      {
        kind: 'service',
        key: 'pool',
        field: ['spec', 'rule', 'atLeast', 'ok'],
        message: 'asks for 2 dependencies but the service has 1 that count',
      },
    ]);
  });

  it('reports threshold counts and weights that cannot be reached, and leaves percents alone', () => {
    const problems = validateModel(
      model({
        services: [
          buildService({
            id: 'web',
            rule: {
              kind: 'thresholds',
              lines: [
                { measure: 'count', atLeast: 2, of: 'degraded', then: 'major_outage' },
                { measure: 'count', atLeast: 3, of: 'degraded', then: 'major_outage' },
                { measure: 'weight', atLeast: 4, of: 'degraded', then: 'major_outage' },
                { measure: 'percent', atLeast: 100, of: 'degraded', then: 'major_outage' },
              ],
            },
          }),
          buildService({ id: 'a' }),
          buildService({ id: 'b' }),
        ],
        dependencies: [
          buildDependency({ from: 'web', to: 'a' }),
          buildDependency({ from: 'web', to: 'b', weight: 2 }),
        ],
      }),
    );
    expect(problems).toEqual([
      {
        kind: 'service',
        key: 'web',
        field: ['spec', 'rule', 'thresholds', 1, 'count'],
        message: 'asks for 3 dependencies but the service has 2 that count, so it can never fire',
      },
      {
        kind: 'service',
        key: 'web',
        field: ['spec', 'rule', 'thresholds', 2, 'weight'],
        message:
          'asks for a weight of 4 but the dependencies that count weigh 3 in all, so it can never fire',
      },
    ]);
  });
});
