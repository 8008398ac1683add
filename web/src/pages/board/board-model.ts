import { CONVENTIONAL_LABELS } from '../../../../src/model/entities.js';
import { levelRank, type StatusLevel, worstOf } from '../../../../src/model/levels.js';
import type { PartyItem, ServiceItem, StatusItem } from '../../api/types.js';
import { type ChainIndex, walk } from '../../chain.js';

/** What the board is narrowed to; empty strings mean "any". */
export interface BoardFilters {
  q: string;
  provider: string;
  customer: string;
  status: StatusLevel | '';
  tag: string;
  /**
   * `yes`: only acknowledged services; `no`: only trouble nobody has acknowledged (not
   * operational, not acknowledged), what still needs someone.
   */
  ack: '' | 'yes' | 'no';
  /** `1`: only the chain of the signed-in user's teams ("my view"). */
  mine: string;
}

export const NO_FILTERS: BoardFilters = {
  q: '',
  provider: '',
  customer: '',
  status: '',
  tag: '',
  ack: '',
  mine: '',
};

export type BoardRow =
  | { kind: 'group'; label: string; count: number; worst: StatusLevel; collapsed: boolean }
  | { kind: 'service'; service: ServiceItem; status: StatusItem };

/** Conventional labels in their order (business first), then any other label alphabetically. */
export function compareLabels(a: string, b: string): number {
  const rank = (label: string) => {
    const index = (CONVENTIONAL_LABELS as readonly string[]).indexOf(label);
    return index < 0 ? CONVENTIONAL_LABELS.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * The services a party is a customer of, as the API's `customer` filter defines it: what it
 * consumes or provides, and everything those rest on, transitively.
 */
export function customerScope(
  party: string,
  services: readonly ServiceItem[],
  parties: readonly PartyItem[],
): Set<string> {
  const byId = new Map(services.map((s) => [s.id, s]));
  const p = parties.find((x) => x.id === party);
  const start = [
    ...services.filter((s) => s.provider === party).map((s) => s.id),
    ...(p?.consumes ?? []).map((c) => c.service),
  ];
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const d of byId.get(id)?.dependsOn ?? []) if (!seen.has(d.service)) stack.push(d.service);
  }
  return seen;
}

/**
 * "My view": the services a user's teams provide, everything those rest on (their providers'
 * services) and every service resting on them (their customers' services).
 */
export function teamScope(teams: readonly string[], index: ChainIndex): Set<string> {
  const found = new Set<string>();
  for (const service of index.byId.values()) {
    if (!service.provider || !teams.includes(service.provider)) continue;
    for (const id of walk(index, service.id, 'down').keys()) found.add(id);
    for (const id of walk(index, service.id, 'up').keys()) found.add(id);
  }
  return found;
}

const UNKNOWN = (service: string): StatusItem => ({
  service,
  level: 'unknown',
  maintenance: false,
  acknowledged: false,
  since: null,
});

/** The status of a service, `unknown` when the engine has not told it yet. */
export function statusOf(statuses: ReadonlyMap<string, StatusItem>, id: string): StatusItem {
  return statuses.get(id) ?? UNKNOWN(id);
}

/** Whether a service passes the filters; `scope` is the customer's services when one is set. */
export function matches(
  service: ServiceItem,
  status: StatusItem,
  filters: BoardFilters,
  scope: ReadonlySet<string> | undefined,
): boolean {
  if (filters.provider && service.provider !== filters.provider) return false;
  if (filters.status && status.level !== filters.status) return false;
  if (filters.tag && !service.tags.includes(filters.tag)) return false;
  if (filters.ack === 'yes' && !status.acknowledged) return false;
  if (filters.ack === 'no' && (status.acknowledged || status.level === 'operational')) return false;
  if (scope && !scope.has(service.id)) return false;
  if (filters.q) {
    const q = filters.q.toLowerCase();
    if (
      !service.id.includes(q) &&
      !service.name.toLowerCase().includes(q) &&
      !(service.description ?? '').toLowerCase().includes(q)
    )
      return false;
  }
  return true;
}

/**
 * The board's rows: a heading per label (conventional ones first), then its services, the worst
 * first and by name within a level. A collapsed group keeps its heading only.
 */
export function boardRows(
  services: readonly ServiceItem[],
  statuses: ReadonlyMap<string, StatusItem>,
  filters: BoardFilters,
  scope: ReadonlySet<string> | undefined,
  collapsed: ReadonlySet<string>,
): BoardRow[] {
  const groups = new Map<string, { service: ServiceItem; status: StatusItem }[]>();
  for (const service of services) {
    const status = statusOf(statuses, service.id);
    if (!matches(service, status, filters, scope)) continue;
    const list = groups.get(service.label);
    if (list) list.push({ service, status });
    else groups.set(service.label, [{ service, status }]);
  }
  const rows: BoardRow[] = [];
  for (const label of [...groups.keys()].sort(compareLabels)) {
    const members = groups.get(label) as { service: ServiceItem; status: StatusItem }[];
    members.sort(
      (a, b) =>
        levelRank(b.status.level) - levelRank(a.status.level) ||
        a.service.name.localeCompare(b.service.name) ||
        a.service.id.localeCompare(b.service.id),
    );
    const isCollapsed = collapsed.has(label);
    rows.push({
      kind: 'group',
      label,
      count: members.length,
      worst: worstOf(members.map((m) => m.status.level)),
      collapsed: isCollapsed,
    });
    if (!isCollapsed) for (const m of members) rows.push({ kind: 'service', ...m });
  }
  return rows;
}

/** How many services are at each level, over what the filters let through. */
export function levelCounts(
  services: readonly ServiceItem[],
  statuses: ReadonlyMap<string, StatusItem>,
): Record<StatusLevel, number> {
  const counts: Record<StatusLevel, number> = {
    operational: 0,
    unknown: 0,
    degraded: 0,
    partial_outage: 0,
    major_outage: 0,
  };
  for (const s of services) counts[statusOf(statuses, s.id).level]++;
  return counts;
}
