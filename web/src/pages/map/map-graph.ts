import type { StatusLevel } from '../../../../src/model/levels.js';
import type { PartyItem, ServiceItem, StatusItem } from '../../api/types.js';
import { type ChainIndex, walk } from '../../chain.js';

export interface MapNode {
  id: string;
  kind: 'service' | 'party';
  name: string;
  /** A service's label, or a party's kind. */
  label: string;
  level: StatusLevel | null;
  maintenance: boolean;
}

export interface MapEdge {
  id: string;
  /** The consumer (a service, or a party subscribing). */
  source: string;
  /** What it needs. */
  target: string;
}

export interface MapGraph {
  nodes: MapNode[];
  edges: MapEdge[];
  /** More services were in reach than the graph holds. */
  truncated: boolean;
}

/** Node ids: services by id, parties prefixed so that the two never clash. */
export const partyNode = (id: string) => `party:${id}`;

/**
 * The chain around `focus`: services up to `up` hops above (consumers) and `down` below
 * (dependencies), the edges among them, and the parties that subscribe to the services shown,
 * on top. At most `limit` services (the nearest first).
 */
export function buildMapGraph(
  index: ChainIndex,
  parties: readonly PartyItem[],
  statuses: ReadonlyMap<string, StatusItem>,
  focus: string,
  up: number,
  down: number,
  limit = 2000,
): MapGraph {
  const reach = new Map<string, number>();
  for (const [id, hop] of walk(index, focus, 'up', up)) reach.set(id, hop);
  for (const [id, hop] of walk(index, focus, 'down', down))
    reach.set(id, Math.min(hop, reach.get(id) ?? hop));
  const ordered = [...reach].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  const kept = new Set(ordered.slice(0, limit));
  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  for (const id of kept) {
    const service = index.byId.get(id) as ServiceItem | undefined;
    if (!service) continue;
    const status = statuses.get(id);
    nodes.push({
      id,
      kind: 'service',
      name: service.name,
      label: service.label,
      level: status?.level ?? 'unknown',
      maintenance: status?.maintenance ?? false,
    });
    for (const d of service.dependsOn ?? [])
      if (kept.has(d.service))
        edges.push({ id: `${id}->${d.service}`, source: id, target: d.service });
  }
  for (const party of parties) {
    const consumed = (party.consumes ?? []).filter((c) => kept.has(c.service));
    if (consumed.length === 0) continue;
    nodes.push({
      id: partyNode(party.id),
      kind: 'party',
      name: party.name,
      label: party.kind,
      level: null,
      maintenance: false,
    });
    for (const c of consumed)
      edges.push({
        id: `${partyNode(party.id)}->${c.service}`,
        source: partyNode(party.id),
        target: c.service,
      });
  }
  return { nodes, edges, truncated: kept.size < reach.size };
}

/** The same graph with the statuses of now: cheap, so the layout survives status changes. */
export function withLevels(graph: MapGraph, statuses: ReadonlyMap<string, StatusItem>): MapGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.kind === 'party') return n;
      const status = statuses.get(n.id);
      return { ...n, level: status?.level ?? 'unknown', maintenance: status?.maintenance ?? false };
    }),
  };
}

/**
 * The impact path of a node: the edges and nodes its trouble travels up, through every consumer
 * that is itself not operational (parties subscribed to an affected service included). Empty for
 * an operational node.
 */
export function impactPath(
  graph: MapGraph,
  start: string,
): { nodes: Set<string>; edges: Set<string> } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const consumers = new Map<string, MapEdge[]>();
  for (const e of graph.edges) consumers.set(e.target, [...(consumers.get(e.target) ?? []), e]);
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const first = byId.get(start);
  if (!first || first.level === null || first.level === 'operational') return { nodes, edges };
  const stack = [start];
  nodes.add(start);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const e of consumers.get(id) ?? []) {
      const consumer = byId.get(e.source);
      const affected =
        consumer &&
        (consumer.kind === 'party' ||
          (consumer.level !== 'operational' && consumer.level !== null));
      if (!affected) continue;
      edges.add(e.id);
      if (!nodes.has(e.source)) {
        nodes.add(e.source);
        stack.push(e.source);
      }
    }
  }
  return { nodes, edges };
}
