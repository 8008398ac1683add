import { expect, it } from 'vitest';
import type { ServiceItem } from '../../api/types.js';
import { costPerHour } from './impact-cost.js';

it('sums the cost per hour of the services that would reach major outage only', () => {
  const svc = (id: string, cost?: number) =>
    [
      id,
      {
        id,
        name: id,
        label: 'business',
        tags: [],
        links: [],
        labels: {},
        rule: 'worst',
        signals: [],
        costPerHour: cost,
      },
    ] as [string, ServiceItem];
  const services = new Map([svc('a', 100), svc('b', 40), svc('c'), svc('d', 7)]);
  const report = {
    changes: [
      { service: 'a', from: 'operational', to: 'major_outage' },
      { service: 'b', from: 'operational', to: 'degraded' },
      { service: 'c', from: 'operational', to: 'major_outage' },
      { service: 'd', from: 'degraded', to: 'major_outage' },
    ],
    parties: [],
  } as const;
  expect(costPerHour({ changes: [...report.changes], parties: [] }, services)).toBe(107);
});
