import { findCycles } from './cycles.js';
import {
  dependencyKey,
  type EntityKind,
  type Model,
  type Service,
  subscriptionKey,
} from './entities.js';
import { didYouMean } from './suggest.js';

/** A problem with the model as a whole, pinned to the entity and field it concerns. */
export interface ModelProblem {
  kind: EntityKind;
  /** The entity's key: an id, `from->to` for a dependency, `party->service` for a subscription. */
  key: string;
  /** Path of the field within the entity's written form, e.g. `['spec', 'provider']`. */
  field: readonly (string | number)[];
  message: string;
}

/**
 * Checks what no single entity can check alone: references resolve, relations are unique, there is
 * no dependency cycle and no cycle of parent parties, and rules fit the dependencies they count.
 * Every problem is reported; none stops the others from being found.
 */
export function validateModel(model: Model): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const partyIds = new Set(model.parties.map((p) => p.id));
  const serviceIds = new Set(model.services.map((s) => s.id));

  for (const party of model.parties) {
    if (party.parent === undefined) continue;
    if (party.parent === party.id) {
      problems.push({
        kind: 'party',
        key: party.id,
        field: ['spec', 'parent'],
        message: 'a party cannot be its own parent',
      });
    } else if (!partyIds.has(party.parent)) {
      problems.push({
        kind: 'party',
        key: party.id,
        field: ['spec', 'parent'],
        message: `no party '${party.parent}'${didYouMean(party.parent, partyIds)}`,
      });
    }
  }
  for (const service of model.services) {
    if (service.provider !== undefined && !partyIds.has(service.provider)) {
      problems.push({
        kind: 'service',
        key: service.id,
        field: ['spec', 'provider'],
        message: `no party '${service.provider}'${didYouMean(service.provider, partyIds)}`,
      });
    }
  }
  const counted = new Map<string, { count: number; weight: number }>();
  const seenEdges = new Set<string>();
  for (const dependency of model.dependencies) {
    const key = dependencyKey(dependency);
    if (seenEdges.has(key)) {
      problems.push({
        kind: 'dependency',
        key,
        field: [],
        message: `'${dependency.from}' depends on '${dependency.to}' more than once`,
      });
      continue;
    }
    seenEdges.add(key);
    if (!serviceIds.has(dependency.from)) {
      problems.push({
        kind: 'dependency',
        key,
        field: [],
        message: `no service '${dependency.from}'${didYouMean(dependency.from, serviceIds)}`,
      });
    }
    if (dependency.from === dependency.to) {
      problems.push({
        kind: 'dependency',
        key,
        field: ['service'],
        message: `'${dependency.from}' cannot depend on itself`,
      });
    } else if (!serviceIds.has(dependency.to)) {
      problems.push({
        kind: 'dependency',
        key,
        field: ['service'],
        message: `no service '${dependency.to}'${didYouMean(dependency.to, serviceIds)}`,
      });
    }
    if (dependency.impact.kind !== 'ignore') {
      const total = counted.get(dependency.from) ?? { count: 0, weight: 0 };
      total.count++;
      total.weight += dependency.weight;
      counted.set(dependency.from, total);
    }
  }
  const seenSubscriptions = new Set<string>();
  for (const subscription of model.subscriptions) {
    const key = subscriptionKey(subscription);
    if (seenSubscriptions.has(key)) {
      problems.push({
        kind: 'subscription',
        key,
        field: [],
        message: `'${subscription.party}' consumes '${subscription.service}' more than once`,
      });
      continue;
    }
    seenSubscriptions.add(key);
    if (!serviceIds.has(subscription.service)) {
      problems.push({
        kind: 'subscription',
        key,
        field: ['service'],
        message: `no service '${subscription.service}'${didYouMean(subscription.service, serviceIds)}`,
      });
    }
    if (!partyIds.has(subscription.party)) {
      problems.push({
        kind: 'subscription',
        key,
        field: [],
        message: `no party '${subscription.party}'${didYouMean(subscription.party, partyIds)}`,
      });
    }
  }
  for (const service of model.services)
    problems.push(...unreachableRule(service, counted.get(service.id)));
  const edges = model.dependencies.filter((d) => d.from !== d.to && serviceIds.has(d.to));
  for (const cycle of findCycles(
    model.services.map((s) => s.id),
    edges,
  )) {
    const from = cycle[0] as string;
    const to = cycle[1] as string;
    problems.push({
      kind: 'dependency',
      key: dependencyKey({ from, to }),
      field: ['service'],
      message: `dependency cycle: ${cycle.join(' -> ')}`,
    });
  }
  const parentEdges = model.parties
    .filter((p) => p.parent !== undefined && p.parent !== p.id && partyIds.has(p.parent))
    .map((p) => ({ from: p.id, to: p.parent as string }));
  for (const cycle of findCycles(
    model.parties.map((p) => p.id),
    parentEdges,
  )) {
    problems.push({
      kind: 'party',
      key: cycle[0] as string,
      field: ['spec', 'parent'],
      message: `parent cycle: ${cycle.join(' -> ')}`,
    });
  }
  return problems;
}

/**
 * A rule that can never fire as written: an `atLeast` count, or a `thresholds` count or weight,
 * larger than what the service's counted dependencies (all but `ignore` edges) add up to.
 * Percents always fit.
 */
function unreachableRule(service: Service, totals = { count: 0, weight: 0 }): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const { count, weight } = totals;
  const rule = service.rule;
  if (rule.kind === 'atLeast') {
    for (const [name, quota] of [
      ['ok', rule.ok],
      ['degraded', rule.degraded],
    ] as const) {
      if (quota?.kind === 'count' && quota.value > count) {
        problems.push({
          kind: 'service',
          key: service.id,
          field: ['spec', 'rule', 'atLeast', name],
          message: `asks for ${quota.value} dependencies but the service has ${count} that count`,
        });
      }
    }
  } else if (rule.kind === 'thresholds') {
    rule.lines.forEach((line, index) => {
      const limit =
        line.measure === 'count' ? count : line.measure === 'weight' ? weight : undefined;
      if (limit === undefined || line.atLeast <= limit) return;
      const what =
        line.measure === 'count'
          ? `asks for ${line.atLeast} dependencies but the service has ${count} that count`
          : `asks for a weight of ${line.atLeast} but the dependencies that count weigh ${weight} in all`;
      problems.push({
        kind: 'service',
        key: service.id,
        field: ['spec', 'rule', 'thresholds', index, line.measure],
        message: `${what}, so it can never fire`,
      });
    });
  }
  return problems;
}
