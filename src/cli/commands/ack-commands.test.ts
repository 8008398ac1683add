import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli-run.js';
import { type RunningServer, startServer } from '../../main.js';
import { demoModelPath } from '../../package-root.js';
import { openDataStore } from '../data-store.js';

const folder = mkdtempSync(join(tmpdir(), 'servicechain-ack-cli-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(folder, 'data'),
    logLevel: 'silent',
    demo: true,
    adminPassword: 'ack cli admin password',
    authenticate: async () => ({
      id: 'user:ops',
      kind: 'user',
      role: 'admin',
      teams: [],
      scopes: [],
    }),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const UNTIL = '2099-01-01T00:00:00.000Z';

/**
 * A data folder with the demo model where user:amy overrode sap-hana down and acknowledged it,
 * with no server; `recovered` clears the override afterwards (a recovery no server saw).
 */
async function acknowledgedOnDataFolder(name: string, options: { recovered?: boolean } = {}) {
  const data = join(folder, name);
  expect((await runCli('apply', demoModelPath(), '--data', data)).code).toBe(0);
  const store = await openDataStore(data);
  const at = Date.now();
  const common = { service: 'sap-hana', author: 'user:amy', createdAt: at, expiresAt: null };
  await store.setOverride({ ...common, level: 'major_outage', reason: 'both sites down' });
  await store.setAcknowledgement({ ...common, note: 'on it' });
  if (options.recovered) await store.clearOverride('sap-hana', 'user:amy', at + 1);
  await store.close();
  return { data, at };
}

describe('ack and unack', () => {
  it('acknowledges a service in trouble, shows who in status, and takes it back', async () => {
    const down = await runCli(
      ...['override', 'sap-hana', '--level', 'major_outage', '--reason', 'both sites down'],
      ...['--server', server.url],
    );
    expect(down.code).toBe(0);
    const ack = await runCli(
      ...['ack', 'sap-hana', '--note', 'taking over to Munich', '--until', UNTIL],
      ...['--server', server.url],
    );
    expect(ack).toStrictEqual({
      code: 0,
      out: `sap-hana: acknowledged by user:ops until ${UNTIL}\n`,
      err: '',
    });
    const status = await runCli('status', 'sap-hana', '--server', server.url, '--json');
    expect(JSON.parse(status.out)).toMatchObject({
      service: 'sap-hana',
      level: 'major_outage',
      acknowledged: true,
      acknowledgement: { author: 'user:ops', note: 'taking over to Munich', expiresAt: UNTIL },
    });
    const table = await runCli('status', 'sap-hana', '--server', server.url);
    expect(table.out).toContain('acknowledged by user:ops');
    expect(await runCli('unack', 'sap-hana', '--server', server.url)).toStrictEqual({
      code: 0,
      out: 'sap-hana: acknowledgement taken back\n',
      err: '',
    });
    const again = await runCli('unack', 'sap-hana', '--server', server.url);
    expect([again.code, again.err]).toStrictEqual([
      1,
      "error: service 'sap-hana' has no acknowledgement in force\n",
    ]);
    await runCli('override', 'sap-hana', '--clear', '--server', server.url);
  });

  it('refuses an operational service, a bad --until, and no server', async () => {
    const fine = await runCli('ack', 'hosting', '--server', server.url);
    expect([fine.code, fine.err]).toStrictEqual([
      1,
      "error: service 'hosting' is operational: there is no trouble to acknowledge\n",
    ]);
    const soon = await runCli('ack', 'hosting', '--until', 'soon', '--server', server.url);
    expect(soon.code).toBe(1);
    expect(soon.err.split('\n')[0]).toBe(
      "error: until: 'soon' is neither a duration such as 2h, 30m or 1d12h nor an RFC 3339 time",
    );
    const saved = process.env.SERVICECHAIN_SERVER;
    delete process.env.SERVICECHAIN_SERVER;
    try {
      const local = await runCli('ack', 'hosting');
      expect(local.code).toBe(2);
      expect(local.err).toContain('acknowledgements go to the running server');
    } finally {
      if (saved !== undefined) process.env.SERVICECHAIN_SERVER = saved;
    }
  });

  it('shows who acknowledged a service in status on a data folder, as a server does', async () => {
    const { data, at } = await acknowledgedOnDataFolder('local');
    const status = await runCli('status', 'sap-hana', '--data', data, '--json');
    expect(JSON.parse(status.out)).toMatchObject({
      level: 'major_outage',
      acknowledged: true,
      acknowledgement: {
        author: 'user:amy',
        note: 'on it',
        createdAt: new Date(at).toISOString(),
        expiresAt: null,
      },
    });
    const all = JSON.parse((await runCli('status', '--data', data, '--json')).out) as {
      service: string;
      acknowledgement: unknown;
    }[];
    expect(all.filter((s) => s.acknowledgement !== null).map((s) => s.service)).toStrictEqual([
      'sap-hana',
    ]);
  });

  it('names nobody on a data folder for a service that recovered while no server ran', async () => {
    const { data } = await acknowledgedOnDataFolder('recovered', { recovered: true });
    const status = await runCli('status', 'sap-hana', '--data', data, '--json');
    expect(JSON.parse(status.out)).toMatchObject({
      level: 'operational',
      acknowledged: false,
      acknowledgement: null,
    });
  });
});
