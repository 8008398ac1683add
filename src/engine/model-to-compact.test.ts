import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { sketchModel } from './model-builder.test-helper.js';
import { modelToCompact } from './model-to-compact.js';

describe('modelToCompact', () => {
  it('puts the model in columns, keeping only what differs from the defaults', () => {
    const compact = modelToCompact(
      sketchModel({
        parties: { ops: 'team', acme: 'external' },
        services: { web: { rule: 'best', cost: 90, provider: 'ops' }, db: {}, cache: {} },
        dependsOn: ['web->db', { from: 'web', to: 'cache', impact: 'cap:degraded', weight: 3 }],
        subscriptions: ['acme->web'],
      }),
    );
    expect(compact.serviceIds).toEqual(['web', 'db', 'cache']);
    expect([...compact.serviceProvider]).toEqual([0, -1, -1]);
    expect([...compact.serviceCost]).toEqual([90, 0, 0]);
    expect([...compact.serviceRules]).toEqual([[0, { kind: 'best' }]]);
    expect([...compact.edgeFrom]).toEqual([0, 0]);
    expect([...compact.edgeTo]).toEqual([1, 2]);
    expect([...compact.edgeImpacts]).toEqual([[1, { kind: 'cap', level: 'degraded' }]]);
    expect([...compact.edgeWeights]).toEqual([[1, 3]]);
    expect(compact.partyIds).toEqual(['ops', 'acme']);
    expect(compact.partyKinds).toEqual(['team', 'external']);
    expect([...compact.subscriptionParty]).toEqual([1]);
    expect([...compact.subscriptionService]).toEqual([0]);
  });

  it('lists every reference to nothing and every repeated id', () => {
    const model = sketchModel({
      services: { web: { provider: 'ghost' }, db: {} },
      dependsOn: ['web->nope'],
      subscriptions: ['nobody->web'],
    });
    model.services.push({ ...(model.services[1] as (typeof model.services)[number]) });
    try {
      modelToCompact(model);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).details).toEqual([
        { path: 'services[2].id', message: "id 'db' appears twice" },
        { path: 'services[0].provider', message: "service 'web': no party 'ghost'" },
        { path: 'dependencies[0].to', message: "no such service 'nope'" },
        { path: 'subscriptions[0].party', message: "no such party 'nobody'" },
      ]);
    }
  });
});
