import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTACT_TYPES,
  CRITICALITIES,
  type Dependency,
  LIFECYCLES,
  PARTY_KINDS,
  type Party,
  type Service,
  type Subscription,
  WEEKDAYS,
} from '../model/entities.js';
import type { EdgeImpact } from '../model/impact.js';
import { KNOWN_LEVELS, STATUS_LEVELS } from '../model/levels.js';
import type { NodeRule } from '../model/rule.js';
import {
  dependencyRowToDependency,
  dependencyToRow,
  impactFromColumn,
  partyRowToParty,
  partyToRow,
  ruleFromColumn,
  serviceRowToService,
  serviceToRow,
  subscriptionRowToSubscription,
  subscriptionToRow,
} from './mappers.js';

const id = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);
const text = fc.string({ maxLength: 30 });
const level = fc.constantFrom(...STATUS_LEVELS);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
// -0 is no weight or cost anyone means, and SQL keeps it as 0.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));

/**
 * Leaves out the keys whose value is undefined, as an entity read back has them, and gives
 * every nested object the ordinary prototype (fast-check makes some without one).
 */
function compact<T extends object>(value: T): T {
  return structuredClone(
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)),
  ) as T;
}

const meta = {
  id,
  name: text,
  description: optional(text),
  labels: fc.dictionary(id, text, { maxKeys: 3 }),
  tags: fc.array(id, { maxLength: 3 }),
  links: fc.array(
    fc.record({ url: fc.webUrl(), title: optional(text), type: optional(id) }).map(compact),
    { maxLength: 2 },
  ),
};

const party: fc.Arbitrary<Party> = fc
  .record({
    ...meta,
    kind: fc.constantFrom(...PARTY_KINDS),
    parent: optional(id),
    contacts: fc.array(
      fc
        .record({ type: fc.constantFrom(...CONTACT_TYPES), value: text, name: optional(text) })
        .map(compact),
      { maxLength: 2 },
    ),
  })
  .map(compact);

const quota = fc.oneof(
  fc.record({ kind: fc.constant('count' as const), value: fc.nat(50) }),
  fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 100 }) }),
);

const rule: fc.Arbitrary<NodeRule> = fc.oneof(
  fc.constant({ kind: 'worst' as const }),
  fc.constant({ kind: 'best' as const }),
  fc
    .record({ kind: fc.constant('atLeast' as const), ok: quota, degraded: optional(quota) })
    .map(compact),
  fc.record({
    kind: fc.constant('thresholds' as const),
    lines: fc.array(
      fc.record({
        measure: fc.constantFrom('count' as const, 'weight' as const),
        atLeast: fc.nat(20),
        of: level,
        then: level,
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);

const impact: fc.Arbitrary<EdgeImpact> = fc.oneof(
  fc.constant({ kind: 'as-is' as const }),
  fc.constant({ kind: 'ignore' as const }),
  fc.record({ kind: fc.constant('cap' as const), level }),
  fc.record({ kind: fc.constant('shift' as const), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({
    kind: fc.constant('fixed' as const),
    level: fc.constantFrom(...KNOWN_LEVELS.slice(1)),
  }),
  fc.record({
    kind: fc.constant('map' as const),
    map: fc.dictionary(level, level, { minKeys: 1, maxKeys: 3 }),
  }),
);

const service: fc.Arbitrary<Service> = fc
  .record({
    ...meta,
    label: text,
    provider: optional(id),
    lifecycle: fc.constantFrom(...LIFECYCLES),
    criticality: optional(fc.constantFrom(...CRITICALITIES)),
    rule,
    signals: fc.array(
      fc
        .record({
          source: optional(id),
          match: fc.dictionary(id, text, { maxKeys: 2 }),
          matchRegex: fc.dictionary(id, text, { maxKeys: 2 }),
        })
        .map(compact),
      { maxLength: 2 },
    ),
    slo: optional(fc.double({ min: 0, max: 100, noNaN: true })),
    hours: optional(
      fc.record({
        timeZone: fc.constantFrom('UTC', 'Europe/Berlin'),
        weekly: fc.dictionary(fc.constantFrom(...WEEKDAYS), fc.constant(['08:00-18:00']), {
          maxKeys: 3,
        }),
        holidays: fc.array(fc.constant('2025-12-25'), { maxLength: 1 }),
      }),
    ),
    costPerHour: optional(finite),
  })
  .map(compact);

const dependency: fc.Arbitrary<Dependency> = fc
  .record({ from: id, to: id, impact, weight: finite, note: optional(text) })
  .map(compact);

const subscription: fc.Arbitrary<Subscription> = fc
  .record({ party: id, service: id, slo: optional(finite), note: optional(text) })
  .map(compact);

describe('mappers', () => {
  it('give back every party they were given', () => {
    fc.assert(
      fc.property(party, (p) => {
        expect(partyRowToParty(partyToRow(p))).toStrictEqual(p);
      }),
    );
  });

  it('give back every service they were given', () => {
    fc.assert(
      fc.property(service, (s) => {
        expect(serviceRowToService(serviceToRow(s))).toStrictEqual(s);
      }),
    );
  });

  it('give back every dependency and subscription they were given', () => {
    fc.assert(
      fc.property(dependency, subscription, (d, s) => {
        expect(dependencyRowToDependency(dependencyToRow(d))).toStrictEqual(d);
        expect(subscriptionRowToSubscription(subscriptionToRow(s))).toStrictEqual(s);
      }),
    );
  });

  it('store rules and impacts in their canonical written form, defaults as null', () => {
    const row = serviceToRow({ ...buildMinimalService(), rule: { kind: 'best' } });
    expect(row.rule).toBe('"best"');
    expect(serviceToRow(buildMinimalService()).rule).toBeNull();
    const edge = { from: 'a', to: 'b', weight: 1 };
    expect(dependencyToRow({ ...edge, impact: { kind: 'cap', level: 'degraded' } }).impact).toBe(
      '"cap:degraded"',
    );
    expect(dependencyToRow({ ...edge, impact: { kind: 'shift', by: 1 } }).impact).toBe(
      '"shift:+1"',
    );
    expect(dependencyToRow({ ...edge, impact: { kind: 'as-is' } }).impact).toBeNull();
    expect(
      serviceToRow({
        ...buildMinimalService(),
        rule: { kind: 'atLeast', ok: { kind: 'percent', value: 60 } },
      }).rule,
    ).toBe('{"atLeast":{"ok":"60%"}}');
  });

  it('keep scalar columns for what is filtered on, the rest in body', () => {
    const row = serviceToRow({
      ...buildMinimalService(),
      provider: 'infra',
      criticality: 'high',
      costPerHour: 12.5,
      slo: 99.9,
    });
    expect(row).toStrictEqual({
      id: 's',
      name: 'S',
      label: 'technical',
      provider: 'infra',
      lifecycle: 'live',
      criticality: 'high',
      cost_per_hour: 12.5,
      rule: null,
      body: '{"labels":{},"tags":[],"links":[],"signals":[],"slo":99.9}',
    });
  });

  it('refuse a stored rule or impact that does not parse, naming it', () => {
    expect(() => ruleFromColumn('"most"')).toThrow(
      /^stored rule "most" does not parse: rule must be/,
    );
    expect(() => impactFromColumn('"cap:awful"')).toThrow(
      `stored impact "cap:awful" does not parse: cap:awful: 'awful' is not a level`,
    );
  });
});

function buildMinimalService(): Service {
  return {
    id: 's',
    name: 'S',
    labels: {},
    tags: [],
    links: [],
    label: 'technical',
    lifecycle: 'live',
    rule: { kind: 'worst' },
    signals: [],
  };
}
