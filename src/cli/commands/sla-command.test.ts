import { describe, expect, it } from 'vitest';
import { dataFolderAndServer } from '../../../test/cli-both.js';
import { runCli } from '../../../test/cli-run.js';
import type { ServiceState } from '../../engine/types.js';
import type { Store } from '../../store/store.js';
import {
  buildParty,
  buildService,
  buildSubscription,
  createChanges,
} from '../../store/test-model.js';

const OK: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };
const DOWN: ServiceState = { level: 'major_outage', maintenance: false, acknowledged: false };

/** `web` (SLO 99.9, promised 99.5 to acme) down 1 hour on Monday 5 October 2026; `db` never. */
async function seed(store: Store): Promise<void> {
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
}

const cli = dataFolderAndServer('servicechain-sla-cli-', seed);
const { both } = cli;

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
      ...cli.dataArgs(),
    );
    const lines = csv.out.split('\r\n');
    expect(lines[1]?.startsWith('customer,acme,Acme,,99.865591,99.5,true,44640,0,60,')).toBe(true);
    expect(lines[2]?.startsWith('subscription,acme,Acme,web,99.865591,99.5,true,')).toBe(true);
  });

  it('refuses a bad period or zone and conflicting options', async () => {
    const bad = await runCli('sla', '--period', 'october', ...cli.dataArgs());
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("'october' is not a period");
    const zone = await runCli('sla', '--period', '2026-10', '--zone', 'Nowhere', ...cli.dataArgs());
    expect(zone.err).toContain("'Nowhere' is not a known IANA time zone");
    const both = await runCli('sla', '--period', '2026-10', '--json', '--csv', ...cli.dataArgs());
    expect(both.code).toBe(2);
  });
});
