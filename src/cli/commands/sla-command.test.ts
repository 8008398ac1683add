import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempFolderPerTest } from '../../../test/cli-run.js';
import { TEST_ADMIN } from '../../../test/demo-app.js';
import { createApp } from '../../api/app.js';
import type { ServiceState } from '../../engine/types.js';
import { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Store } from '../../store/store.js';
import {
  buildParty,
  buildService,
  buildSubscription,
  createChanges,
} from '../../store/test-model.js';
import { openDataStore } from '../data-store.js';

const OK: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };
const DOWN: ServiceState = { level: 'major_outage', maintenance: false, acknowledged: false };

const temp = tempFolderPerTest('servicechain-sla-cli-');
const saved = { ...process.env };

/** `web` (SLO 99.9, promised 99.5 to acme) down 1 hour on Monday 5 October 2026; `db` never. */
async function seed(): Promise<Store> {
  const store = await openDataStore(join(temp.folder(), 'data'));
  await store.applyChanges(
    createChanges({
      parties: [buildParty({ id: 'acme', kind: 'external' })],
      services: [buildService({ id: 'web', slo: 99.9 }), buildService({ id: 'db' })],
      dependencies: [],
      subscriptions: [buildSubscription({ party: 'acme', service: 'web', slo: 99.5 })],
    }),
    { id: 'test' },
  );
  const at = Date.parse('2026-10-05T10:00:00Z');
  await store.recordStatusChanges([
    { service: 'web', at, from: OK, to: DOWN, cause: 'signal:test/1' },
    { service: 'web', at: at + 3_600_000, from: DOWN, to: OK, cause: 'signal:test/1' },
  ]);
  return store;
}

let store: Store;
let server: FastifyInstance | undefined;
beforeEach(async () => {
  store = await seed();
  delete process.env.SERVICECHAIN_SERVER;
  process.env.SERVICECHAIN_TOKEN = 'sc_test';
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await store.close();
  for (const name of ['SERVICECHAIN_SERVER', 'SERVICECHAIN_TOKEN'])
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
});

/** The same arguments against the data folder and against a server on the same store. */
async function both(...args: string[]) {
  const local = await runCli(...args, ...temp.dataArgs());
  server ??= await createApp({
    store,
    runtime: await StatusRuntime.start(store),
    authenticate: async () => TEST_ADMIN,
  });
  const url = server.server.listening
    ? `http://127.0.0.1:${(server.server.address() as { port: number }).port}`
    : await server.listen({ port: 0, host: '127.0.0.1' });
  const remote = await runCli(...args, '--server', url);
  return { local, remote };
}

describe('sla', () => {
  it('reports every service of a month, the same from a data folder and a server', async () => {
    const { local, remote } = await both('sla', '--period', '2026-10', '--json');
    expect(local.code).toBe(0);
    expect(remote.out).toBe(local.out);
    const answer = JSON.parse(local.out);
    expect(answer.total).toBe(2);
    expect(answer.services.map((s: { service: string }) => s.service)).toEqual(['db', 'web']);
    // October 2026: 44640 min, 60 down: 100 x (1 - 60/44640) = 99.865591…
    expect(answer.services[1]).toMatchObject({
      availability: 99.865591,
      serviceMinutes: 44640,
      downtimeMinutes: 60,
      slo: 99.9,
      met: false,
      incidents: 1,
    });
  });

  it('reports a customer with the promise made to it, as a table and as CSV', async () => {
    const { local, remote } = await both('sla', '--period', '2026-10', '--customer', 'acme');
    expect(local.code).toBe(0);
    expect(remote.out).toBe(local.out);
    expect(local.out).toContain('Customer acme');
    expect(local.out).toMatch(/acme\s+99\.8656%\s+99\.5%\s+yes\s+60/);
    const csv = await runCli(
      'sla',
      '--period',
      '2026-10',
      '--customer',
      'acme',
      '--csv',
      ...temp.dataArgs(),
    );
    const lines = csv.out.split('\r\n');
    expect(lines[1]?.startsWith('customer,acme,Acme,,99.865591,99.5,true,44640,0,60,')).toBe(true);
    expect(lines[2]?.startsWith('subscription,acme,Acme,web,99.865591,99.5,true,')).toBe(true);
  });

  it('refuses a bad period or zone and conflicting options', async () => {
    const bad = await runCli('sla', '--period', 'october', ...temp.dataArgs());
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("'october' is not a period");
    const zone = await runCli(
      'sla',
      '--period',
      '2026-10',
      '--zone',
      'Nowhere',
      ...temp.dataArgs(),
    );
    expect(zone.err).toContain("'Nowhere' is not a known IANA time zone");
    const both = await runCli('sla', '--period', '2026-10', '--json', '--csv', ...temp.dataArgs());
    expect(both.code).toBe(2);
  });
});
