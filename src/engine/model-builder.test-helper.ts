import type { Model, PartyKind, Service } from '../model/entities.js';
import { parseEdgeImpact } from '../model/impact.js';
import { parseNodeRule } from '../model/rule.js';

/** A service in a test model: its id, with an optional rule, cost and provider as written in files. */
export interface ServiceSketch {
  rule?: unknown;
  cost?: number;
  provider?: string;
}

/** A dependency `from -> to`, with an optional impact and weight as written in files. */
export interface DependencySketch {
  from: string;
  to: string;
  impact?: unknown;
  weight?: number;
}

/**
 * A model for tests from a sketch: `services` by id, `dependsOn` as `a->b` strings or objects,
 * `parties` by id with their kind, `subscriptions` as `party->service`.
 */
export function sketchModel(sketch: {
  services: Record<string, ServiceSketch> | string[];
  dependsOn?: (string | DependencySketch)[];
  parties?: Record<string, PartyKind>;
  subscriptions?: string[];
}): Model {
  const services = Array.isArray(sketch.services)
    ? Object.fromEntries(sketch.services.map((id) => [id, {}]))
    : sketch.services;
  return {
    parties: Object.entries(sketch.parties ?? {}).map(([id, kind]) => ({
      id,
      name: id,
      kind,
      labels: {},
      tags: [],
      links: [],
      contacts: [],
    })),
    services: Object.entries(services).map(([id, s]) => sketchService(id, s)),
    dependencies: (sketch.dependsOn ?? []).map((d) => {
      const dep: DependencySketch = typeof d === 'string' ? splitArrow(d) : d;
      const impact = parseEdgeImpact(dep.impact);
      if (!impact.ok) throw new Error(impact.error);
      return { from: dep.from, to: dep.to, impact: impact.value, weight: dep.weight ?? 1 };
    }),
    subscriptions: (sketch.subscriptions ?? []).map((s) => {
      const { from, to } = splitArrow(s);
      return { party: from, service: to };
    }),
  };
}

function sketchService(id: string, sketch: ServiceSketch): Service {
  const rule = parseNodeRule(sketch.rule);
  if (!rule.ok) throw new Error(rule.error);
  const service: Service = {
    id,
    name: id,
    labels: {},
    tags: [],
    links: [],
    label: 'application',
    lifecycle: 'live',
    rule: rule.value,
    signals: [],
  };
  if (sketch.cost !== undefined) service.costPerHour = sketch.cost;
  if (sketch.provider !== undefined) service.provider = sketch.provider;
  return service;
}

function splitArrow(text: string): { from: string; to: string } {
  const [from, to] = text.split('->');
  if (!from || !to) throw new Error(`write '${text}' as from->to`);
  return { from, to };
}
