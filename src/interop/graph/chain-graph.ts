import { impactLabel } from '../../engine/index.js';
import type { ServiceStatus } from '../../engine/types.js';
import type { Lifecycle, Model, PartyKind } from '../../model/entities.js';
import { NotFoundError } from '../../model/errors.js';
import type { StatusLevel } from '../../model/levels.js';
import { didYouMean } from '../../model/suggest.js';

export interface GraphService {
  id: string;
  name: string;
  label: string;
  lifecycle: Lifecycle;
  provider?: string;
  level: StatusLevel;
  maintenance: boolean;
  acknowledged: boolean;
  /** Hops from the service the graph is drawn around: negative for its dependencies. */
  hop?: number;
}

export interface GraphParty {
  id: string;
  name: string;
  kind: PartyKind;
}

/** `dependsOn`: service `from` needs service `to`; `consumes`: party `from` uses service `to`. */
export interface GraphEdge {
  kind: 'dependsOn' | 'consumes';
  from: string;
  to: string;
  /** The edge transform of a dependency, as written (`as-is`, `cap:degraded`…). */
  impact?: string;
}

/** The part of the chain to draw, with each service's current status. */
export interface ChainGraph {
  around?: string;
  depth?: number;
  services: GraphService[];
  parties: GraphParty[];
  edges: GraphEdge[];
}

/** What the graph needs from the engine (StatusEngine has it). */
export interface StatusSource {
  status(service: string): ServiceStatus;
  dependencies(service: string): { service: string; hop: number }[];
  dependents(service: string): { service: string; hop: number }[];
}

export interface GraphOptions {
  /** Draw only the chain through this service: what it rests on and what rests on it. */
  around?: string;
  /** With `around`, at most this many hops each way. */
  depth?: number;
}

/**
 * The services to draw (all, or the chain through `around` up to `depth` hops both ways), the
 * dependencies between them, and the parties subscribed to them, each service with its status.
 * Services and parties are sorted by id, edges by their ends. Throws NotFoundError for an
 * unknown `around`.
 */
export function chainGraph(
  model: Model,
  engine: StatusSource,
  options: GraphOptions = {},
): ChainGraph {
  const hops = selectServices(model, engine, options);
  const services: GraphService[] = [];
  for (const service of sortById(model.services)) {
    if (hops && !hops.has(service.id)) continue;
    const status = engine.status(service.id);
    const node: GraphService = {
      id: service.id,
      name: service.name,
      label: service.label,
      lifecycle: service.lifecycle,
      level: status.level,
      maintenance: status.maintenance,
      acknowledged: status.acknowledged,
    };
    if (service.provider !== undefined) node.provider = service.provider;
    const hop = hops?.get(service.id);
    if (hop !== undefined) node.hop = hop;
    services.push(node);
  }
  const drawn = new Set(services.map((s) => s.id));
  const edges: GraphEdge[] = model.dependencies
    .filter((d) => drawn.has(d.from) && drawn.has(d.to))
    .map((d) => ({
      kind: 'dependsOn' as const,
      from: d.from,
      to: d.to,
      impact: impactLabel(d.impact),
    }));
  const subscribed = model.subscriptions.filter((s) => drawn.has(s.service));
  const partyIds = new Set(subscribed.map((s) => s.party));
  edges.push(
    ...subscribed.map((s) => ({ kind: 'consumes' as const, from: s.party, to: s.service })),
  );
  edges.sort((a, b) => compare(a.kind, b.kind) || compare(a.from, b.from) || compare(a.to, b.to));
  const parties = sortById(model.parties)
    .filter((p) => partyIds.has(p.id))
    .map((p) => ({ id: p.id, name: p.name, kind: p.kind }));
  const graph: ChainGraph = { services, parties, edges };
  if (options.around !== undefined) graph.around = options.around;
  if (options.depth !== undefined) graph.depth = options.depth;
  return graph;
}

function selectServices(
  model: Model,
  engine: StatusSource,
  options: GraphOptions,
): Map<string, number> | undefined {
  const { around, depth = Number.POSITIVE_INFINITY } = options;
  if (around === undefined) return undefined;
  if (!model.services.some((s) => s.id === around)) {
    throw new NotFoundError(
      `no service '${around}'${didYouMean(
        around,
        model.services.map((s) => s.id),
      )}`,
    );
  }
  const hops = new Map<string, number>([[around, 0]]);
  for (const { service, hop } of engine.dependents(around))
    if (hop <= depth) hops.set(service, hop);
  for (const { service, hop } of engine.dependencies(around))
    if (hop <= depth) hops.set(service, -hop);
  return hops;
}

function sortById<T extends { id: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compare(a.id, b.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
