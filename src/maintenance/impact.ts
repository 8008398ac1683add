import type { CompactModel } from '../engine/compact-model.js';
import { buildEngine, type StatusEngine } from '../engine/index.js';
import type { EngineInput } from '../engine/types.js';
import type { PartyKind } from '../model/entities.js';

/** A service a window would put in maintenance: one it covers, or one resting on those. */
export interface ReachedService {
  service: string;
  covered: boolean;
}

/** A party of a reached service: its customer (subscriber) or its provider. */
export interface ReachedParty {
  party: string;
  kind: PartyKind;
  relation: 'customer' | 'provider';
  services: string[];
}

export interface MaintenanceReach {
  services: ReachedService[];
  parties: ReachedParty[];
}

/**
 * Engines with no inputs, one per model, to plan on. The maintenance flag depends only on the
 * model and which services have a window (not on anyone's level), so a clean engine told just
 * this window gives exactly the services it alone would flag, whatever else is going on.
 */
const planners = new WeakMap<CompactModel, StatusEngine>();

const PLAN_KEY = 'planned';

/**
 * The services a window over `covered` would put in maintenance, by the engine's "would it
 * matter" rule (a service rests on them in a way that their outage would make it
 * non-operational), with the customers and providers of each. Covered services come first in
 * the order given, then the rest by id. Every covered service must be in the model.
 */
export function maintenanceReach(
  compact: CompactModel,
  covered: readonly string[],
): MaintenanceReach {
  let planner = planners.get(compact);
  if (!planner) {
    planner = buildEngine(compact);
    planners.set(compact, planner);
  }
  const start: EngineInput[] = covered.map((service) => ({
    type: 'maintenance',
    service,
    key: PLAN_KEY,
    active: true,
  }));
  const flagged = planner
    .apply(start, 0)
    .filter((t) => t.to.maintenance)
    .map((t) => t.service);
  // Back to no inputs at all, for the next plan on this model.
  planner.replay(
    start.map((input) => ({ ...input, active: false })),
    0,
  );
  const coveredSet = new Set(covered);
  const others = flagged.filter((service) => !coveredSet.has(service)).sort(compareText);
  const services = [
    ...covered.map((service) => ({ service, covered: true })),
    ...others.map((service) => ({ service, covered: false })),
  ];
  return { services, parties: partiesOf(compact, new Set([...covered, ...others])) };
}

/** Customers and providers of the services, one entry per party and relation, by party id. */
function partiesOf(compact: CompactModel, services: ReadonlySet<string>): ReachedParty[] {
  const positions = new Map<number, string>();
  compact.serviceIds.forEach((id, position) => {
    if (services.has(id)) positions.set(position, id);
  });
  const groups = new Map<string, ReachedParty>();
  const add = (party: number, relation: 'customer' | 'provider', service: string) => {
    const id = compact.partyIds[party] as string;
    const key = `${id}\u0000${relation}`;
    let group = groups.get(key);
    if (!group) {
      group = { party: id, kind: compact.partyKinds[party] as PartyKind, relation, services: [] };
      groups.set(key, group);
    }
    if (!group.services.includes(service)) group.services.push(service);
  };
  compact.subscriptionService.forEach((position, i) => {
    const service = positions.get(position);
    if (service !== undefined) add(compact.subscriptionParty[i] as number, 'customer', service);
  });
  for (const [position, service] of positions) {
    const provider = compact.serviceProvider[position] as number;
    if (provider >= 0) add(provider, 'provider', service);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, services: group.services.sort(compareText) }))
    .sort(
      (a, b) =>
        compareText(a.party, b.party) ||
        (a.relation === b.relation ? 0 : a.relation === 'customer' ? -1 : 1),
    );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
