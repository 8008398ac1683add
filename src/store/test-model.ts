import {
  type Dependency,
  dependencyKey,
  type Model,
  type Party,
  type Service,
  type Subscription,
  subscriptionKey,
} from '../model/entities.js';
import { AS_IS } from '../model/impact.js';
import { WORST } from '../model/rule.js';
import type { ModelChange } from './store.js';

/**
 * Test data for every layer: entities with realistic defaults, a small order-to-cash chain, and
 * large synthetic models. Compiled with the package (no test runner needed) so child processes
 * in tests can import it too.
 */

export function buildParty(overrides: Partial<Party> & { id: string }): Party {
  return {
    name: titleOf(overrides.id),
    labels: {},
    tags: [],
    links: [],
    kind: 'team',
    contacts: [],
    ...overrides,
  };
}

export function buildService(overrides: Partial<Service> & { id: string }): Service {
  return {
    name: titleOf(overrides.id),
    labels: {},
    tags: [],
    links: [],
    label: 'technical',
    lifecycle: 'live',
    rule: WORST,
    signals: [],
    ...overrides,
  };
}

export function buildDependency(
  overrides: Partial<Dependency> & { from: string; to: string },
): Dependency {
  return { impact: AS_IS, weight: 1, ...overrides };
}

export function buildSubscription(
  overrides: Partial<Subscription> & { party: string; service: string },
): Subscription {
  return { ...overrides };
}

/**
 * A small order-to-cash chain using every stored field at least once: a business service for
 * external customers, its processes, an application, a redundant database pair behind a `best`
 * rule, a soft (capped) dependency, and the teams that provide them.
 */
export function chainModel(): Model {
  const parties = [
    buildParty({ id: 'acme', name: 'Acme Corp', kind: 'organization' }),
    buildParty({
      id: 'finance',
      name: 'Finance and accounting',
      parent: 'acme',
      description: 'Accounts receivable and payable.',
      contacts: [{ type: 'email', value: 'finance@acme.example', name: 'AR desk' }],
    }),
    buildParty({ id: 'infra-team', name: 'Infrastructure team', parent: 'acme' }),
    buildParty({
      id: 'retail-customers',
      name: 'Retail customers',
      kind: 'external',
      labels: { segment: 'retail' },
    }),
    buildParty({ id: 'sales', name: 'Sales', parent: 'acme', tags: ['revenue'] }),
    buildParty({ id: 'sap-team', name: 'SAP team', parent: 'acme' }),
  ];
  const services = [
    buildService({
      id: 'order-to-cash',
      name: 'Order to cash',
      description: "From the customer's order to the cash in the bank.",
      label: 'business',
      provider: 'sales',
      criticality: 'critical',
      tags: ['revenue'],
      links: [{ url: 'https://wiki.acme.example/o2c', title: 'Runbook', type: 'runbook' }],
      slo: 99.95,
      costPerHour: 120000,
      hours: {
        timeZone: 'Europe/Berlin',
        weekly: { mon: ['08:00-18:00'] },
        holidays: ['2025-12-25'],
      },
    }),
    buildService({ id: 'order-entry', label: 'process', provider: 'sales' }),
    buildService({ id: 'invoicing', label: 'process', provider: 'finance' }),
    buildService({
      id: 'sap-erp',
      name: 'SAP ERP',
      label: 'application',
      provider: 'sap-team',
      signals: [
        { source: 'alertmanager', match: { job: 'sap' }, matchRegex: { instance: 'sap-.*' } },
      ],
      rule: {
        kind: 'atLeast',
        ok: { kind: 'count', value: 1 },
        degraded: { kind: 'percent', value: 50 },
      },
    }),
    buildService({
      id: 'db-cluster',
      label: 'infrastructure',
      provider: 'infra-team',
      rule: { kind: 'best' },
    }),
    buildService({
      id: 'db01',
      label: 'infrastructure',
      provider: 'infra-team',
      lifecycle: 'live',
    }),
    buildService({ id: 'db02', label: 'infrastructure', provider: 'infra-team' }),
    buildService({
      id: 'analytics',
      label: 'application',
      provider: 'sap-team',
      lifecycle: 'planned',
      rule: {
        kind: 'thresholds',
        lines: [{ measure: 'percent', atLeast: 50, of: 'partial_outage', then: 'major_outage' }],
      },
    }),
  ];
  const dependencies = [
    buildDependency({ from: 'order-to-cash', to: 'order-entry' }),
    buildDependency({ from: 'order-to-cash', to: 'invoicing', weight: 2 }),
    buildDependency({
      from: 'order-to-cash',
      to: 'analytics',
      impact: { kind: 'cap', level: 'degraded' },
    }),
    buildDependency({ from: 'order-entry', to: 'sap-erp' }),
    buildDependency({ from: 'invoicing', to: 'sap-erp', note: 'billing runs nightly' }),
    buildDependency({ from: 'sap-erp', to: 'db-cluster' }),
    buildDependency({ from: 'db-cluster', to: 'db01' }),
    buildDependency({
      from: 'db-cluster',
      to: 'db02',
      impact: { kind: 'map', map: { major_outage: 'degraded' } },
    }),
    buildDependency({ from: 'analytics', to: 'db-cluster', impact: { kind: 'shift', by: -1 } }),
  ];
  const subscriptions = [
    buildSubscription({ party: 'finance', service: 'invoicing', note: 'month-end close' }),
    buildSubscription({ party: 'retail-customers', service: 'order-to-cash', slo: 99.9 }),
    buildSubscription({ party: 'sales', service: 'sap-erp' }),
  ];
  return sortModel({ parties, services, dependencies, subscriptions });
}

/**
 * A layered synthetic model: `services` services in ten layers, each depending on `fanOut`
 * services of the layer below (so it has no cycle), one provider team per hundred services,
 * and one external customer per thousand. Deterministic for the same arguments.
 */
export function largeModel(options: { services: number; fanOut: number }): Model {
  const { services: count, fanOut } = options;
  const pad = (n: number) => String(n).padStart(7, '0');
  const parties: Party[] = [];
  const teams = Math.max(1, Math.ceil(count / 100));
  for (let t = 0; t < teams; t++) parties.push(buildParty({ id: `team-${pad(t)}` }));
  const customers = Math.max(1, Math.ceil(count / 1000));
  for (let c = 0; c < customers; c++)
    parties.push(buildParty({ id: `customer-${pad(c)}`, kind: 'external' }));
  const services: Service[] = [];
  for (let i = 0; i < count; i++) {
    services.push(
      buildService({
        id: `svc-${pad(i)}`,
        provider: `team-${pad(i % teams)}`,
        tags: ['synthetic'],
        ...(i % 7 === 0 && { rule: { kind: 'best' } }),
        ...(i % 5 === 0 && { costPerHour: i }),
      }),
    );
  }
  const layer = Math.max(1, Math.ceil(count / 10));
  const dependencies: Dependency[] = [];
  for (let i = 0; i + layer < count; i++) {
    const below = count - (Math.floor(i / layer) + 1) * layer;
    const span = Math.min(layer, below);
    for (let k = 0; k < Math.min(fanOut, span); k++) {
      const to = (Math.floor(i / layer) + 1) * layer + ((i * 31 + k) % span);
      dependencies.push(
        buildDependency({
          from: `svc-${pad(i)}`,
          to: `svc-${pad(to)}`,
          ...(k === 1 && { impact: { kind: 'cap', level: 'degraded' } }),
        }),
      );
    }
  }
  const subscriptions: Subscription[] = [];
  for (let c = 0; c < customers; c++)
    subscriptions.push(
      buildSubscription({ party: `customer-${pad(c)}`, service: `svc-${pad(c)}` }),
    );
  return sortModel({ parties, services, dependencies, subscriptions: dedupe(subscriptions) });
}

/** The change set that creates every entity of `model`. */
export function createChanges(model: Model): ModelChange[] {
  return [
    ...model.parties.map((p) => ({ op: 'create', kind: 'party', key: p.id, after: p }) as const),
    ...model.services.map((s) => ({ op: 'create', kind: 'service', key: s.id, after: s }) as const),
    ...model.dependencies.map(
      (d) => ({ op: 'create', kind: 'dependency', key: dependencyKey(d), after: d }) as const,
    ),
    ...model.subscriptions.map(
      (s) => ({ op: 'create', kind: 'subscription', key: subscriptionKey(s), after: s }) as const,
    ),
  ];
}

/** The model in the order the store returns it. */
export function sortModel(model: Model): Model {
  const byId = <T extends { id: string }>(a: T, b: T) => compare(a.id, b.id);
  return {
    parties: [...model.parties].sort(byId),
    services: [...model.services].sort(byId),
    dependencies: [...model.dependencies].sort(
      (a, b) => compare(a.from, b.from) || compare(a.to, b.to),
    ),
    subscriptions: [...model.subscriptions].sort(
      (a, b) => compare(a.party, b.party) || compare(a.service, b.service),
    ),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(subscriptions: Subscription[]): Subscription[] {
  const seen = new Set<string>();
  return subscriptions.filter((s) => !seen.has(subscriptionKey(s)) && seen.add(subscriptionKey(s)));
}

function titleOf(id: string): string {
  const words = id.split(/[-_.]/).filter(Boolean);
  return words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join(' ') || id;
}
