import { describe, expect, it } from 'vitest';
import type { ServiceState } from '../../../src/engine/types.js';
import { syntheticYear } from './synthetic-year.js';

const START = Date.parse('2025-01-01T00:00:00Z');
const OK: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };

describe('syntheticYear', () => {
  it('gives exactly the changes asked, in time order, each starting where the last left off', () => {
    const services = Array.from({ length: 300 }, (_, i) => `svc-${i}`);
    const changes = [...syntheticYear(services, 5000, START, 7)];
    expect(changes).toHaveLength(5000);
    const current = new Map<string, ServiceState>();
    let last = START;
    for (const change of changes) {
      expect(change.at).toBeGreaterThanOrEqual(last);
      expect(change.from).toStrictEqual(current.get(change.service) ?? OK);
      expect(change.to).not.toStrictEqual(change.from);
      current.set(change.service, change.to);
      last = change.at;
    }
    expect(changes.filter((c) => c.cause === 'restart')).toHaveLength(3);
  });

  it('is the same for the same seed', () => {
    const services = ['a', 'b', 'c'];
    expect([...syntheticYear(services, 50, START, 3)]).toStrictEqual([
      ...syntheticYear(services, 50, START, 3),
    ]);
  });
});
