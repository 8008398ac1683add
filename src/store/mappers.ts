import type {
  Contact,
  Criticality,
  Dependency,
  Lifecycle,
  Link,
  Party,
  PartyKind,
  Service,
  ServiceHours,
  SignalMatcher,
  Subscription,
} from '../model/entities.js';
import { formatEdgeImpact, parseEdgeImpact } from '../model/impact.js';
import { formatNodeRule, parseNodeRule } from '../model/rule.js';
import type {
  AuditRow,
  DependencyColumns,
  PartyColumns,
  ServiceColumns,
  SubscriptionColumns,
} from './rows.js';
import type { AuditRecord } from './store.js';

/** What a party keeps in `body`. */
interface PartyBody {
  description?: string;
  labels: Record<string, string>;
  tags: string[];
  links: Link[];
  contacts: Contact[];
}

/** What a service keeps in `body`. */
interface ServiceBody {
  description?: string;
  labels: Record<string, string>;
  tags: string[];
  links: Link[];
  signals: SignalMatcher[];
  slo?: number;
  hours?: ServiceHours;
}

export function partyToRow(party: Party): PartyColumns {
  const body: PartyBody = {
    ...(party.description !== undefined && { description: party.description }),
    labels: party.labels,
    tags: party.tags,
    links: party.links,
    contacts: party.contacts,
  };
  return {
    id: party.id,
    name: party.name,
    kind: party.kind,
    parent: party.parent ?? null,
    body: JSON.stringify(body),
  };
}

export function partyRowToParty(row: PartyColumns): Party {
  const body = JSON.parse(row.body) as PartyBody;
  return {
    id: row.id,
    name: row.name,
    ...(body.description !== undefined && { description: body.description }),
    labels: body.labels,
    tags: body.tags,
    links: body.links,
    kind: row.kind as PartyKind,
    ...(row.parent !== null && { parent: row.parent }),
    contacts: body.contacts,
  };
}

export function serviceToRow(service: Service): ServiceColumns {
  const body: ServiceBody = {
    ...(service.description !== undefined && { description: service.description }),
    labels: service.labels,
    tags: service.tags,
    links: service.links,
    signals: service.signals,
    ...(service.slo !== undefined && { slo: service.slo }),
    ...(service.hours !== undefined && { hours: service.hours }),
  };
  return {
    id: service.id,
    name: service.name,
    label: service.label,
    provider: service.provider ?? null,
    lifecycle: service.lifecycle,
    criticality: service.criticality ?? null,
    cost_per_hour: service.costPerHour ?? null,
    rule: ruleToColumn(service.rule),
    body: JSON.stringify(body),
  };
}

export function serviceRowToService(row: ServiceColumns): Service {
  const body = JSON.parse(row.body) as ServiceBody;
  return {
    id: row.id,
    name: row.name,
    ...(body.description !== undefined && { description: body.description }),
    labels: body.labels,
    tags: body.tags,
    links: body.links,
    label: row.label,
    ...(row.provider !== null && { provider: row.provider }),
    lifecycle: row.lifecycle as Lifecycle,
    ...(row.criticality !== null && { criticality: row.criticality as Criticality }),
    rule: ruleFromColumn(row.rule),
    signals: body.signals,
    ...(body.slo !== undefined && { slo: body.slo }),
    ...(body.hours !== undefined && { hours: body.hours }),
    ...(row.cost_per_hour !== null && { costPerHour: row.cost_per_hour }),
  };
}

export function dependencyToRow(dependency: Dependency): DependencyColumns {
  return {
    from_id: dependency.from,
    to_id: dependency.to,
    impact: impactToColumn(dependency.impact),
    weight: dependency.weight,
    note: dependency.note ?? null,
  };
}

export function dependencyRowToDependency(row: DependencyColumns): Dependency {
  return {
    from: row.from_id,
    to: row.to_id,
    impact: impactFromColumn(row.impact),
    weight: row.weight,
    ...(row.note !== null && { note: row.note }),
  };
}

export function subscriptionToRow(subscription: Subscription): SubscriptionColumns {
  return {
    party_id: subscription.party,
    service_id: subscription.service,
    slo: subscription.slo ?? null,
    note: subscription.note ?? null,
  };
}

export function subscriptionRowToSubscription(row: SubscriptionColumns): Subscription {
  return {
    party: row.party_id,
    service: row.service_id,
    ...(row.slo !== null && { slo: row.slo }),
    ...(row.note !== null && { note: row.note }),
  };
}

export function auditRowToRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    op: row.op as AuditRecord['op'],
    kind: row.kind as AuditRecord['kind'],
    key: row.key,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
  };
}

/** The rule column: JSON of the canonical written form, null for the default `worst`. */
export function ruleToColumn(rule: Service['rule']): string | null {
  const spec = formatNodeRule(rule);
  return spec === undefined ? null : JSON.stringify(spec);
}

/** Reads a rule column; a value that does not parse means the database was written wrongly. */
export function ruleFromColumn(column: string | null): Service['rule'] {
  const parsed = parseNodeRule(column === null ? undefined : JSON.parse(column));
  if (!parsed.ok) throw new Error(`stored rule ${column} does not parse: ${parsed.error}`);
  return parsed.value;
}

/** The impact column: JSON of the canonical written form, null for the default `as-is`. */
export function impactToColumn(impact: Dependency['impact']): string | null {
  const spec = formatEdgeImpact(impact);
  return spec === undefined ? null : JSON.stringify(spec);
}

/** Reads an impact column; a value that does not parse means the database was written wrongly. */
export function impactFromColumn(column: string | null): Dependency['impact'] {
  const parsed = parseEdgeImpact(column === null ? undefined : JSON.parse(column));
  if (!parsed.ok) throw new Error(`stored impact ${column} does not parse: ${parsed.error}`);
  return parsed.value;
}
