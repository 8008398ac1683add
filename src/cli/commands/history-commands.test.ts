import { describe, expect, it } from 'vitest';
import { dataFolderAndServer } from '../../../test/cli-both.js';
import { runCli } from '../../../test/cli-run.js';
import type { ServiceState } from '../../engine/types.js';
import type { Store } from '../../store/store.js';
import { buildDependency, buildService, createChanges } from '../../store/test-model.js';

const T = Date.parse('2026-11-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const OK: ServiceState = { level: 'operational', maintenance: false, acknowledged: false };
const DOWN: ServiceState = { level: 'major_outage', maintenance: false, acknowledged: false };
const DEGRADED: ServiceState = { level: 'degraded', maintenance: false, acknowledged: false };

/** `app` rests on `db`: db down at T, app degraded at T+1s, both back at T+1h. */
async function seed(store: Store): Promise<void> {
  await store.applyChanges(
    createChanges({
      parties: [],
      services: [buildService({ id: 'app' }), buildService({ id: 'db' })],
      dependencies: [buildDependency({ from: 'app', to: 'db' })],
      subscriptions: [],
    }),
    { id: 'test' },
  );
  await store.recordStatusChanges([
    { service: 'db', at: T, from: OK, to: DOWN, cause: 'signal:alertmanager/x' },
    { service: 'app', at: T + 1000, from: OK, to: DEGRADED, cause: 'dependency:db' },
    { service: 'db', at: T + 3_600_000, from: DOWN, to: OK, cause: 'signal:alertmanager/x' },
    { service: 'app', at: T + 3_600_000, from: DEGRADED, to: OK, cause: 'dependency:db' },
  ]);
}

const cli = dataFolderAndServer('servicechain-history-cli-', seed);
const { both } = cli;

describe('status --at and timeline', () => {
  it('shows the chain at a past moment, the same from a data folder and a server', async () => {
    const { local, remote } = await both('status', '--at', iso(T + 1500), '--json');
    expect(local.code).toBe(0);
    expect(JSON.parse(local.out)).toStrictEqual({
      at: iso(T + 1500),
      items: [
        { service: 'app', ...DEGRADED, since: iso(T + 1000) },
        { service: 'db', ...DOWN, since: iso(T) },
      ],
      total: 2,
      next: null,
      counts: { operational: 0, unknown: 0, degraded: 1, partial_outage: 0, major_outage: 1 },
    });
    expect(remote.out).toBe(local.out);
    const text = await runCli('status', '--at', iso(T + 1500), ...cli.dataArgs());
    expect(text.out.split('\n')[0]).toBe(
      `At ${iso(T + 1500)}: 0 operational, 0 unknown, 1 degraded, 0 partial_outage, 1 major_outage.`,
    );
  });

  it('shows one service at a moment as `status ID` does', async () => {
    const { local, remote } = await both(
      'status',
      'db',
      '--at',
      '2026-11-01T11:30:00+01:00',
      '--json',
    );
    expect(JSON.parse(local.out)).toStrictEqual({ service: 'db', ...DOWN, since: iso(T) });
    expect(remote.out).toBe(local.out);
    const before = await runCli('status', 'db', '--at', iso(T - 1), '--json', ...cli.dataArgs());
    expect(JSON.parse(before.out)).toStrictEqual({ service: 'db', ...OK, since: null });
  });

  it("lists a service's changes over a window", async () => {
    const window = ['--from', iso(T + 500), '--to', iso(T + 3_600_001)];
    const { local, remote } = await both('timeline', 'db', ...window, '--json');
    const body = JSON.parse(local.out);
    expect(body).toStrictEqual({
      service: 'db',
      from: iso(T + 500),
      to: iso(T + 3_600_001),
      state: { ...DOWN, since: iso(T) },
      changes: [
        {
          id: body.changes[0].id,
          at: iso(T + 3_600_000),
          from: DOWN,
          to: OK,
          cause: 'signal:alertmanager/x',
        },
      ],
      next: null,
    });
    expect(remote.out).toBe(local.out);
    const text = await runCli('timeline', 'db', ...window, ...cli.dataArgs());
    expect(text.out).toContain(
      `db from ${iso(T + 500)} to ${iso(T + 3_600_001)}: major_outage at the start, since ${iso(T)}; 1 changes.`,
    );
  });

  it('refuses a time without a zone, a window backwards, and an unknown service', async () => {
    const noZone = await runCli('status', '--at', '2026-11-01 10:00', ...cli.dataArgs());
    expect(noZone.code).toBe(1);
    expect(noZone.err).toContain("--at: '2026-11-01 10:00' is not an ISO 8601 time with a zone");
    const backwards = await runCli(
      'timeline',
      'db',
      '--from',
      iso(T),
      '--to',
      iso(T - 1),
      ...cli.dataArgs(),
    );
    expect(backwards.code).toBe(1);
    expect(backwards.err).toContain('from: is not before to');
    const missing = await runCli('timeline', 'nope', ...cli.dataArgs());
    expect(missing.err).toContain("no service 'nope'");
  });
});
