import type { Model } from '../model/entities.js';
import type { EdgeImpact } from '../model/impact.js';
import { isAtLeast, KNOWN_LEVELS, levelRank, type StatusLevel, worstOf } from '../model/levels.js';
import type { NodeRule, Quota } from '../model/rule.js';
import type { EngineInput, ServiceState } from './types.js';

/**
 * A slow, plainly written evaluator of the status rules, straight from their definitions, that
 * the engine's tests compare against. It walks objects and names, never the engine's arrays.
 */
export class ReferenceModel {
  private readonly inputs = new Map<
    string,
    {
      signals: Map<string, StatusLevel>;
      override?: StatusLevel;
      windows: Set<string>;
      ack: boolean;
    }
  >();

  constructor(private readonly model: Model) {}

  apply(inputs: readonly EngineInput[]): void {
    for (const input of inputs) {
      let record = this.inputs.get(input.service);
      if (!record) {
        record = { signals: new Map(), windows: new Set(), ack: false };
        this.inputs.set(input.service, record);
      }
      if (input.type === 'signal') {
        if (input.level === null) record.signals.delete(input.key);
        else record.signals.set(input.key, input.level);
      } else if (input.type === 'override') record.override = input.level ?? undefined;
      else if (input.type === 'maintenance') {
        if (input.active) record.windows.add(input.key);
        else record.windows.delete(input.key);
      } else record.ack = input.acknowledged;
    }
  }

  /** Every service's state, computed from scratch. */
  states(): Map<string, ServiceState> {
    const done = new Map<string, ServiceState>();
    const order = this.topologicalOrder();
    for (const id of order) done.set(id, this.evaluate(id, done));
    return done;
  }

  private topologicalOrder(): string[] {
    const order: string[] = [];
    const placed = new Set<string>();
    while (order.length < this.model.services.length) {
      for (const service of this.model.services) {
        if (placed.has(service.id)) continue;
        const deps = this.model.dependencies.filter((d) => d.from === service.id);
        if (deps.every((d) => placed.has(d.to))) {
          placed.add(service.id);
          order.push(service.id);
        }
      }
    }
    return order;
  }

  private evaluate(id: string, done: Map<string, ServiceState>): ServiceState {
    const service = this.model.services.find((s) => s.id === id);
    if (!service) throw new Error(`no service ${id}`);
    const record = this.inputs.get(id);
    const own: StatusLevel = record?.override ?? worstOf(record?.signals.values() ?? []);
    const edges = this.model.dependencies.filter(
      (d) => d.from === id && d.impact.kind !== 'ignore',
    );
    const deps = edges.map((d) => ({ edge: d, state: done.get(d.to) as ServiceState }));
    const contributions = deps.map(({ edge, state }) => ({
      level: transform(edge.impact, state.level),
      weight: edge.weight,
    }));
    const level = worstOf([own, combine(service.rule, contributions)]);
    const hypothesis = deps.map(({ edge, state }) => ({
      level: transform(edge.impact, state.maintenance ? 'major_outage' : 'operational'),
      weight: edge.weight,
    }));
    const baseline = deps.map(({ edge }) => ({
      level: transform(edge.impact, 'operational'),
      weight: edge.weight,
    }));
    const maintenance =
      (record?.windows.size ?? 0) > 0 ||
      levelRank(combine(service.rule, hypothesis)) > levelRank(combine(service.rule, baseline));
    // Would the unacknowledged trouble matter: the rule with acknowledged trouble taken away.
    const withoutAcknowledged = deps.map(({ state }, i) => ({
      level: state.acknowledged ? 'operational' : (contributions[i]?.level as StatusLevel),
      weight: contributions[i]?.weight,
    }));
    const acknowledged =
      (record?.ack ?? false) ||
      (level !== 'operational' &&
        own === 'operational' &&
        combine(service.rule, withoutAcknowledged) === 'operational');
    return { level, maintenance, acknowledged };
  }
}

/** An edge impact applied to a level, as impact.ts documents it. */
export function transform(impact: EdgeImpact, level: StatusLevel): StatusLevel {
  switch (impact.kind) {
    case 'as-is':
    case 'ignore':
      return level;
    case 'cap':
      return levelRank(level) > levelRank(impact.level) ? impact.level : level;
    case 'shift': {
      if (level === 'operational' || level === 'unknown') return level;
      const at = KNOWN_LEVELS.indexOf(level) + impact.by;
      if (at < 1) return 'operational';
      return KNOWN_LEVELS[Math.min(at, 3)] as StatusLevel;
    }
    case 'fixed':
      return level === 'operational' || level === 'unknown' ? level : impact.level;
    case 'map':
      return impact.map[level] ?? level;
  }
}

/** A node rule applied to contributions, as rule.ts and DESIGN.md define it. */
export function combine(
  rule: NodeRule,
  contributions: { level: StatusLevel; weight: number }[],
): StatusLevel {
  if (contributions.length === 0) return 'operational';
  const levels = contributions.map((c) => c.level);
  const n = levels.length;
  switch (rule.kind) {
    case 'worst':
      return worstOf(levels);
    case 'best':
      return levels.reduce((a, b) => (levelRank(b) < levelRank(a) ? b : a));
    case 'atLeast': {
      const ok = levels.filter((l) => l === 'operational').length;
      if (ok >= needed(rule.ok, n)) return 'operational';
      const fair = levels.filter((l) => !isAtLeast(l, 'partial_outage')).length;
      if (rule.degraded && fair >= needed(rule.degraded, n)) return 'degraded';
      return worstOf(levels);
    }
    case 'thresholds': {
      const total = contributions.reduce((sum, c) => sum + c.weight, 0);
      const fired = rule.lines.filter((line) => {
        const hit = contributions.filter((c) => isAtLeast(c.level, line.of));
        const weight = hit.reduce((sum, c) => sum + c.weight, 0);
        if (line.measure === 'count') return hit.length >= line.atLeast;
        if (line.measure === 'percent') return hit.length * 100 >= line.atLeast * n;
        if (line.measure === 'weight') return weight >= line.atLeast;
        return total > 0 && weight * 100 >= line.atLeast * total;
      });
      return worstOf(fired.map((line) => line.then));
    }
  }
}

/** The smallest whole number of contributions that meets the quota: k × 100 ≥ percent × n. */
function needed(quota: Quota, n: number): number {
  if (quota.kind === 'count') return quota.value;
  let k = 0;
  while (k * 100 < quota.value * n) k++;
  return k;
}
