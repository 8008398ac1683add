import { formatEdgeImpact } from './impact.js';
import type { ModelIndex } from './model-index.js';

/** A node of the chain around a service: a service with its own children, or a party. */
export type ChainNode =
  | {
      type: 'service';
      id: string;
      name: string;
      label: string;
      provider?: string;
      /** The impact of the edge that led here, when not as-is. */
      impact?: string;
      /** Set when this service was expanded earlier in the tree; its children are not repeated. */
      repeated?: true;
      /** Set when the depth limit stopped the walk here while it had more to show. */
      truncated?: true;
      children: ChainNode[];
    }
  | { type: 'party'; id: string; name: string; kind: string; relation: 'customer' };

/**
 * The chain of services and customers around a service, as a tree. `up` follows consumers and
 * lists each service's subscribed parties; `down` follows dependencies. A service reached again by
 * another path is shown once more but not expanded (`repeated`), so the tree stays as large as the
 * graph. Iterative, so no depth of chain can overflow the stack.
 */
export function chainTree(
  index: ModelIndex,
  rootId: string,
  direction: 'up' | 'down',
  maxDepth = Number.POSITIVE_INFINITY,
): ChainNode {
  const expanded = new Set<string>();
  const root = serviceNode(index, rootId);
  const pending: { node: ChainNode & { type: 'service' }; depth: number }[] = [
    { node: root, depth: 0 },
  ];
  for (let head = 0; head < pending.length; head++) {
    const { node, depth } = pending[head] as {
      node: ChainNode & { type: 'service' };
      depth: number;
    };
    if (expanded.has(node.id)) {
      node.repeated = true;
      continue;
    }
    expanded.add(node.id);
    const edges = (direction === 'up' ? index.dependencyOf : index.dependsOn).get(node.id) ?? [];
    const subscribers = direction === 'up' ? (index.consumedBy.get(node.id) ?? []) : [];
    if (depth >= maxDepth) {
      if (edges.length + subscribers.length > 0) node.truncated = true;
      continue;
    }
    for (const subscription of subscribers) {
      const party = index.parties.get(subscription.party);
      if (party)
        node.children.push({
          type: 'party',
          id: party.id,
          name: party.name,
          kind: party.kind,
          relation: 'customer',
        });
    }
    const sorted = [...edges].sort((a, b) => {
      const x = direction === 'up' ? a.from : a.to;
      const y = direction === 'up' ? b.from : b.to;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (const edge of sorted) {
      const child = serviceNode(index, direction === 'up' ? edge.from : edge.to);
      const impact = formatEdgeImpact(edge.impact);
      if (impact !== undefined)
        child.impact =
          typeof impact === 'string'
            ? impact
            : Object.entries(impact)
                .map(([f, t]) => `${f}->${t}`)
                .join(',');
      node.children.push(child);
      pending.push({ node: child, depth: depth + 1 });
    }
  }
  return root;
}

function serviceNode(index: ModelIndex, id: string): ChainNode & { type: 'service' } {
  const service = index.services.get(id);
  const node: ChainNode & { type: 'service' } = {
    type: 'service',
    id,
    name: service?.name ?? id,
    label: service?.label ?? '?',
    children: [],
  };
  if (service?.provider) node.provider = service.provider;
  return node;
}
