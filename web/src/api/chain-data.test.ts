import { expect, it } from 'vitest';
import { joinRelations } from './chain-data.js';
import type { ServiceItem } from './types.js';

const svc = (id: string, provider?: string): ServiceItem => ({
  id,
  name: id,
  label: 'application',
  tags: [],
  links: [],
  labels: {},
  rule: 'worst',
  signals: [],
  provider,
});

it('joins dependencies and subscriptions onto services and parties, both ways', () => {
  const { services, parties } = joinRelations(
    [svc('shop', 'sales'), svc('db')],
    [
      { id: 'sales', name: 'Sales', kind: 'team', tags: [], contacts: [] },
      { id: 'buyers', name: 'Buyers', kind: 'external', tags: [], contacts: [] },
    ],
    [{ from: 'shop', to: 'db', impact: 'cap:degraded', weight: 2 }],
    [{ party: 'buyers', service: 'shop', slo: 99.9 }],
  );
  expect(services[0]).toMatchObject({
    dependsOn: [{ service: 'db', impact: 'cap:degraded', weight: 2 }],
    dependencyOf: [],
    consumedBy: [{ party: 'buyers', slo: 99.9 }],
  });
  expect(services[1]).toMatchObject({ dependsOn: [], dependencyOf: ['shop'] });
  expect(parties[0]).toMatchObject({ provides: ['shop'], consumes: [] });
  expect(parties[1]).toMatchObject({ consumes: [{ service: 'shop', slo: 99.9 }], provides: [] });
});
