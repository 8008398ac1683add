import type { Store } from '../src/store/store.js';
import { chainModel, createChanges } from '../src/store/test-model.js';

const T = Date.parse('2026-11-28T19:00:00Z');
const HOUR = 3_600_000;
const alice = { id: 'user:alice' };

/**
 * Puts at least one row in every table a store has (for the copy tests): the model with its
 * audit, accounts, signals, overrides and an acknowledgement, history and a snapshot, an incident with its update,
 * a maintenance window, a subscriber with a message, a status page.
 */
export async function fillEveryTable(store: Store): Promise<void> {
  await store.applyChanges(createChanges(chainModel()), alice);
  await store.createUser(
    { name: 'alice', role: 'admin', teams: ['ops'], passwordHash: 'scrypt$x$y' },
    alice,
  );
  await store.createSession({
    hash: 'session-hash',
    user: 'alice',
    createdAt: '2026-11-28T19:00:00.000Z',
    expiresAt: '2026-11-29T19:00:00.000Z',
  });
  await store.createToken(
    {
      id: '0123456789ab',
      name: 'ci',
      user: 'alice',
      scopes: ['read'],
      hash: 'token-hash',
      createdAt: '2026-11-28T19:00:00.000Z',
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    },
    alice,
  );
  await store.recordSignals([
    {
      source: 'nagios',
      key: 'db/1',
      state: 'firing',
      startsAt: T,
      endsAt: null,
      level: 'major_outage',
      labels: { host: 'db01' },
      summary: 'down',
      services: ['db01'],
      receivedAt: T,
    },
  ]);
  await store.setOverride({
    service: 'sap-erp',
    level: 'degraded',
    author: alice.id,
    reason: 'slow',
    createdAt: T,
    expiresAt: null,
  });
  await store.setAcknowledgement({
    service: 'db01',
    author: alice.id,
    note: 'restoring from backup',
    createdAt: T,
    expiresAt: null,
  });
  const up = { level: 'operational', maintenance: false, acknowledged: false } as const;
  const down = { level: 'major_outage', maintenance: false, acknowledged: false } as const;
  await store.recordStatusChanges([
    { service: 'db01', at: T, from: up, to: down, cause: 'signal:nagios/db/1' },
  ]);
  await store.writeStatusSnapshot(T);
  await store.createIncident(
    {
      title: 'Database down',
      status: 'investigating',
      visibility: 'public',
      services: [{ service: 'db01', impact: 'major_outage' }],
      signals: [],
      updates: [{ status: 'investigating', message: 'Looking', author: alice.id, at: T }],
      rootCause: [],
      postmortem: null,
      author: alice.id,
      createdAt: T,
      updatedAt: T,
      resolvedAt: null,
    },
    alice,
  );
  await store.createWindow(
    {
      title: 'Patching',
      description: 'Monthly patches',
      services: ['db01'],
      schedule: { kind: 'once', start: T + HOUR, end: T + 2 * HOUR },
      author: alice.id,
      createdAt: T,
      updatedAt: T,
      cancelled: false,
      firstStart: T + HOUR,
      lastEnd: T + 2 * HOUR,
    },
    alice,
  );
  const subscriber = await store.createSubscriber(
    {
      kind: 'webhook',
      name: 'ops hook',
      target: 'https://hooks.example.com/in',
      sealed: 'v1.sealed',
      services: ['db01'],
      page: null,
      events: ['status.changed'],
      internal: true,
      state: 'active',
    },
    alice,
  );
  await store.enqueueDeliveries(
    [
      {
        subscriber: subscriber.id,
        type: 'status.changed',
        key: 'db01',
        event: { service: 'db01' },
      },
    ],
    { now: T, debounceMs: 0 },
  );
  await store.createStatusPage(
    {
      slug: 'public',
      title: 'Our services',
      audience: { kind: 'public' },
      services: [{ service: 'db01', key: 'database', name: 'Database' }],
      showRootCause: false,
      showInternalIncidents: false,
      branding: '',
    },
    alice,
  );
}
