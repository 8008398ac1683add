import fc from 'fast-check';
import type { Dependency, Model, Party, Service, Subscription } from '../src/model/entities.js';
import { CRITICALITIES, LIFECYCLES, PARTY_KINDS } from '../src/model/entities.js';
import type { EdgeImpact } from '../src/model/impact.js';
import { STATUS_LEVELS } from '../src/model/levels.js';
import type { NodeRule } from '../src/model/rule.js';

const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const text = fc
  .string({ minLength: 1, maxLength: 30 })
  .filter((s) => /^[\p{L}\p{N} .,'()-]+$/u.test(s));
const level = fc.constantFrom(...STATUS_LEVELS);

export const edgeImpact: fc.Arbitrary<EdgeImpact> = fc.oneof(
  fc.constant<EdgeImpact>({ kind: 'as-is' }),
  fc.constant<EdgeImpact>({ kind: 'ignore' }),
  level.map((l): EdgeImpact => ({ kind: 'cap', level: l })),
  fc.integer({ min: -3, max: 3 }).map((by): EdgeImpact => ({ kind: 'shift', by })),
  fc
    .constantFrom('degraded', 'partial_outage', 'major_outage' as const)
    .map((l): EdgeImpact => ({ kind: 'fixed', level: l as 'degraded' })),
  fc
    .dictionary(level, level, { minKeys: 1, maxKeys: 3 })
    .map((map): EdgeImpact => ({ kind: 'map', map })),
);

export const nodeRule: fc.Arbitrary<NodeRule> = fc.oneof(
  fc.constant<NodeRule>({ kind: 'worst' }),
  fc.constant<NodeRule>({ kind: 'best' }),
  fc
    .record({
      ok: fc.integer({ min: 0, max: 100 }),
      degraded: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    })
    .map(
      ({ ok, degraded }): NodeRule =>
        degraded === undefined
          ? { kind: 'atLeast', ok: { kind: 'percent', value: ok } }
          : {
              kind: 'atLeast',
              ok: { kind: 'percent', value: ok },
              degraded: { kind: 'percent', value: degraded },
            },
    ),
  fc
    .array(
      fc.record({
        // Percents always fit; a count or weight may exceed what a random service has, which
        // validation rightly refuses (unit tests cover those).
        measure: fc.constantFrom('percent', 'weightPercent' as const),
        atLeast: fc.integer({ min: 0, max: 100 }),
        of: level,
        then: level,
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map(
      (lines): NodeRule => ({
        kind: 'thresholds',
        lines: lines.map((l) => ({ ...l, measure: l.measure as 'count' })),
      }),
    ),
);

/**
 * Random valid models: unique ids, references that resolve, dependencies only from a later service
 * to an earlier one (so there is never a cycle).
 */
export const validModel: fc.Arbitrary<Model> = fc
  .record({
    partyIds: fc.uniqueArray(slug, { minLength: 1, maxLength: 6 }),
    serviceIds: fc.uniqueArray(slug, { minLength: 1, maxLength: 12 }),
  })
  .chain(({ partyIds, serviceIds }) => {
    const party = (id: string, index: number) =>
      fc
        .record({
          name: text,
          kind: fc.constantFrom(...PARTY_KINDS),
          description: fc.option(text, { nil: undefined }),
          tags: fc.array(slug, { maxLength: 2 }),
          withParent: fc.boolean(),
        })
        .map(
          (p): Party => ({
            id,
            name: p.name,
            kind: p.kind,
            labels: {},
            tags: p.tags,
            links: [],
            contacts: [],
            ...(p.description !== undefined ? { description: p.description } : {}),
            ...(p.withParent && index > 0 ? { parent: partyIds[0] as string } : {}),
          }),
        );
    const service = (id: string) =>
      fc
        .record({
          name: text,
          label: fc.constantFrom(
            'business',
            'process',
            'application',
            'technical',
            'infrastructure',
          ),
          lifecycle: fc.constantFrom(...LIFECYCLES),
          criticality: fc.option(fc.constantFrom(...CRITICALITIES), { nil: undefined }),
          provider: fc.option(fc.constantFrom(...partyIds), { nil: undefined }),
          rule: nodeRule,
          slo: fc.option(fc.double({ min: 90, max: 100, noNaN: true }), { nil: undefined }),
          cost: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
          labels: fc.dictionary(slug, text, { maxKeys: 2 }),
        })
        .map(
          (s): Service => ({
            id,
            name: s.name,
            label: s.label,
            lifecycle: s.lifecycle,
            rule: s.rule,
            signals: [],
            labels: s.labels,
            tags: [],
            links: [],
            ...(s.criticality ? { criticality: s.criticality } : {}),
            ...(s.provider ? { provider: s.provider } : {}),
            ...(s.slo !== undefined ? { slo: s.slo } : {}),
            ...(s.cost !== undefined ? { costPerHour: s.cost } : {}),
          }),
        );
    const pairs = serviceIds.flatMap((from, i) =>
      serviceIds.slice(0, i).map((to) => ({ from, to })),
    );
    const dependencies = fc
      .subarray(pairs)
      .chain((chosen) =>
        fc.tuple(
          ...chosen.map((pair) =>
            fc
              .record({ impact: edgeImpact, weight: fc.integer({ min: 1, max: 5 }) })
              .map((d): Dependency => ({ ...pair, ...d })),
          ),
        ),
      );
    const subscriptionPairs = partyIds.flatMap((p) =>
      serviceIds.map((s) => ({ party: p, service: s })),
    );
    const subscriptions = fc
      .subarray(subscriptionPairs, { maxLength: Math.min(10, subscriptionPairs.length) })
      .chain((chosen) =>
        fc.tuple(
          ...chosen.map((pair) =>
            fc
              .option(fc.integer({ min: 90, max: 100 }), { nil: undefined })
              .map((slo): Subscription => (slo === undefined ? pair : { ...pair, slo })),
          ),
        ),
      );
    return fc.record({
      parties: fc.tuple(...partyIds.map((id, i) => party(id, i))),
      services: fc.tuple(...serviceIds.map(service)),
      dependencies,
      subscriptions,
    });
  })
  .map((m) => ({
    parties: [...m.parties],
    services: [...m.services],
    dependencies: [...m.dependencies],
    subscriptions: [...m.subscriptions],
  }));
