import type { FastifyInstance } from 'fastify';
import type { NewIncident } from '../../incidents/types.js';
import { StatusRuntime } from '../../runtime/status-runtime.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { ModelChange, Store } from '../../store/store.js';
import {
  buildDependency,
  buildParty,
  buildService,
  buildSubscription,
} from '../../store/test-model.js';
import type { Principal } from '../access.js';
import { createApp } from '../app.js';

/** The moment every status page test renders at. */
export const NOW = Date.parse('2026-11-28T12:00:00Z');
export const HOUR = 3_600_000;

export const ADMIN: Principal = {
  id: 'user:pat',
  kind: 'user',
  role: 'admin',
  teams: [],
  scopes: [],
};
export const VIEWER: Principal = { ...ADMIN, id: 'user:vic', role: 'viewer' };

/**
 * A small chain: the shop (`web-shop`) rests on a database (`db01`, never listed on a page) and
 * on payments (`pay-gw01`); the customer `acme` consumes the shop. Model names are internal.
 */
export function chainChanges(): ModelChange[] {
  const parties = [buildParty({ id: 'acme', name: 'Acme Corporation', kind: 'external' })];
  const services = [
    buildService({ id: 'web-shop', name: 'Shop frontend cluster (internal)' }),
    buildService({ id: 'db01', name: 'Primary DB cluster db01' }),
    buildService({ id: 'pay-gw01', name: 'PSP gateway payments-gw' }),
  ];
  const dependencies = [
    buildDependency({ from: 'web-shop', to: 'db01' }),
    buildDependency({ from: 'web-shop', to: 'pay-gw01' }),
  ];
  return [
    ...parties.map((p) => ({ op: 'create' as const, kind: 'party' as const, key: p.id, after: p })),
    ...services.map((s) => ({
      op: 'create' as const,
      kind: 'service' as const,
      key: s.id,
      after: s,
    })),
    ...dependencies.map((d) => ({
      op: 'create' as const,
      kind: 'dependency' as const,
      key: `${d.from}->${d.to}`,
      after: d,
    })),
    {
      op: 'create',
      kind: 'subscription',
      key: 'acme->web-shop',
      after: buildSubscription({ party: 'acme', service: 'web-shop' }),
    },
  ];
}

export function incident(overrides: Partial<NewIncident> = {}): NewIncident {
  const at = NOW - 2 * HOUR;
  return {
    title: 'Payments fail',
    status: 'identified',
    visibility: 'public',
    services: [{ service: 'pay-gw01', impact: 'major_outage' }],
    signals: [],
    updates: [
      {
        status: 'investigating',
        message: 'We are looking into failed card charges.',
        author: 'user:pat',
        at,
      },
      {
        status: 'identified',
        message: 'The payment provider is down.',
        author: 'user:pat',
        at: at + HOUR,
      },
    ],
    rootCause: [],
    postmortem: null,
    author: 'user:pat',
    createdAt: at,
    updatedAt: at + HOUR,
    resolvedAt: null,
    ...overrides,
  };
}

export interface PagesApp {
  app: FastifyInstance;
  store: Store;
  runtime: StatusRuntime;
  /** Who the next requests come from (undefined: nobody signed in). */
  as(principal: Principal | undefined): void;
  close(): Promise<void>;
}

/** The API over the chain, rendering pages at NOW with no caching between requests. */
export async function pagesApp(): Promise<PagesApp> {
  const store = await openSqliteStore({ file: ':memory:', now: () => new Date(NOW) });
  await store.migrate();
  await store.applyChanges(chainChanges(), { id: 'test' });
  const runtime = await StatusRuntime.start(store, () => NOW);
  let principal: Principal | undefined = ADMIN;
  const app = await createApp({
    store,
    runtime,
    authenticate: async () => principal,
    statusPages: { now: () => NOW, cacheMs: 0 },
  });
  return {
    app,
    store,
    runtime,
    as: (next) => {
      principal = next;
    },
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
