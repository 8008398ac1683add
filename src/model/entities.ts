import type { EdgeImpact } from './impact.js';
import type { NodeRule } from './rule.js';

export const PARTY_KINDS = ['organization', 'team', 'person', 'external'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const LIFECYCLES = ['planned', 'live', 'retired'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export const CONTACT_TYPES = ['email', 'phone', 'chat', 'url', 'oncall'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** The conventional service labels; any other label is allowed too. */
export const CONVENTIONAL_LABELS = [
  'business',
  'process',
  'application',
  'technical',
  'infrastructure',
] as const;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Link {
  url: string;
  title?: string;
  type?: string;
}

export interface Contact {
  type: ContactType;
  value: string;
  name?: string;
}

/** What every entity has: identity, a display name, and free descriptive metadata. */
export interface EntityMeta {
  id: string;
  name: string;
  description?: string;
  /** Free key/value labels, for filtering and for selectors. */
  labels: Record<string, string>;
  tags: string[];
  links: Link[];
}

/** Anyone who provides or consumes services. */
export interface Party extends EntityMeta {
  kind: PartyKind;
  /** The party this one belongs to (a team's department, a person's team). */
  parent?: string;
  contacts: Contact[];
}

/**
 * Which monitoring signals are a service's own: every `match` label must equal, every
 * `matchRegex` label must match the whole value; `source` limits it to one receiver.
 */
export interface SignalMatcher {
  source?: string;
  match: Record<string, string>;
  matchRegex: Record<string, string>;
}

/**
 * When a service is promised to run. Absent means around the clock. `weekly` ranges are
 * `HH:MM-HH:MM` in `timeZone`; `holidays` are ISO dates that are not service hours.
 */
export interface ServiceHours {
  timeZone: string;
  weekly: Partial<Record<Weekday, string[]>>;
  holidays: string[];
}

/** Anything delivered to someone, from a business service down to a disk array. */
export interface Service extends EntityMeta {
  /** Free text; conventional values are in CONVENTIONAL_LABELS. */
  label: string;
  provider?: string;
  lifecycle: Lifecycle;
  criticality?: Criticality;
  rule: NodeRule;
  signals: SignalMatcher[];
  /** Availability target in percent, e.g. 99.9. */
  slo?: number;
  hours?: ServiceHours;
  /** What an hour of major outage costs the business, in the organisation's currency. */
  costPerHour?: number;
}

/** Service `from` (the consumer) needs service `to` (the supporter). */
export interface Dependency {
  from: string;
  to: string;
  impact: EdgeImpact;
  weight: number;
  note?: string;
}

/** Party `party` consumes service `service`, with the promise made to it. */
export interface Subscription {
  party: string;
  service: string;
  /** Availability promised to this customer, in percent. */
  slo?: number;
  note?: string;
}

/** The whole model: the chain of services and the chain of customers. */
export interface Model {
  parties: Party[];
  services: Service[];
  dependencies: Dependency[];
  subscriptions: Subscription[];
}

export type EntityKind = 'party' | 'service' | 'dependency' | 'subscription';

export function emptyModel(): Model {
  return { parties: [], services: [], dependencies: [], subscriptions: [] };
}

/** The key a dependency is known by: there is at most one edge from a service to another. */
export function dependencyKey(d: Pick<Dependency, 'from' | 'to'>): string {
  return `${d.from}->${d.to}`;
}

/** The key a subscription is known by: a party subscribes to a service at most once. */
export function subscriptionKey(s: Pick<Subscription, 'party' | 'service'>): string {
  return `${s.party}->${s.service}`;
}
