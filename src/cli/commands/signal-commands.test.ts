import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli-run.js';
import { type RunningServer, startServer } from '../../main.js';

const folder = mkdtempSync(join(tmpdir(), 'servicechain-signal-cli-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(folder, 'data'),
    logLevel: 'silent',
    demo: true,
    adminPassword: 'signal cli admin password',
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

const status = async (id: string) =>
  ((await (await fetch(`${server.url}/api/v1/services/${id}/status`)).json()) as { level: string })
    .level;

describe('signal, signals unmatched and override', () => {
  it('sends a signal for a service and resolves it, as a Nagios script would', async () => {
    const fire = await runCli(
      'signal',
      '--server',
      server.url,
      '--source',
      'nagios',
      '--key',
      'hana/db',
      '--service',
      'sap-hana',
      '--severity',
      'critical',
      '--starts-at',
      '2026-11-28T10:00:00Z',
      '--summary',
      'DB CRITICAL',
    );
    expect(fire).toStrictEqual({ code: 0, out: 'stored\n', err: '' });
    expect(await status('sap-hana')).toBe('major_outage');
    const again = await runCli(
      'signal',
      '--server',
      server.url,
      '--source',
      'nagios',
      '--key',
      'hana/db',
      '--service',
      'sap-hana',
      '--severity',
      'critical',
      '--starts-at',
      '2026-11-28T10:00:00Z',
    );
    expect(again.out).toBe('already stored\n');
    await runCli(
      'signal',
      '--server',
      server.url,
      '--source',
      'nagios',
      '--key',
      'hana/db',
      '--service',
      'sap-hana',
      '--resolved',
      '--starts-at',
      '2026-11-28T10:00:00Z',
    );
    expect(await status('sap-hana')).toBe('operational');
  });

  it('lists unmatched signals with the reason', async () => {
    await runCli(
      'signal',
      '--server',
      server.url,
      '--source',
      'zabbix',
      '--key',
      '10042',
      '--label',
      'host=mail01',
    );
    const listed = await runCli('signals', 'unmatched', '--server', server.url, '--json');
    const items = JSON.parse(listed.out) as {
      key: string;
      labels: Record<string, string>;
      unmatched: string;
    }[];
    expect(items[0]).toMatchObject({ key: '10042', labels: { host: 'mail01' } });
    expect(items[0]?.unmatched).toContain('no service');
  });

  it('sets an override with an expiry and clears it', async () => {
    const set = await runCli(
      'override',
      'sap-hana',
      '--level',
      'degraded',
      '--reason',
      'patching',
      '--expires',
      '2h',
      '--server',
      server.url,
      '--json',
    );
    expect(JSON.parse(set.out)).toMatchObject({
      level: 'degraded',
      author: 'user:ops',
      reason: 'patching',
    });
    expect(await status('sap-hana')).toBe('degraded');
    expect((await runCli('override', 'sap-hana', '--clear', '--server', server.url)).out).toBe(
      'sap-hana: override cleared\n',
    );
    expect(await status('sap-hana')).toBe('operational');
    const again = await runCli('override', 'sap-hana', '--clear', '--server', server.url);
    expect(again.code).toBe(1);
    expect(again.err).toBe("error: service 'sap-hana' has no override in force\n");
  });

  it('refuses to write signals without a server, and bad options', async () => {
    const saved = process.env.SERVICECHAIN_SERVER;
    delete process.env.SERVICECHAIN_SERVER;
    try {
      const local = await runCli('signal', '--source', 'nagios', '--key', 'x');
      expect(local.code).toBe(2);
      expect(local.err).toContain('signals go to the running server');
    } finally {
      if (saved !== undefined) process.env.SERVICECHAIN_SERVER = saved;
    }
    const level = await runCli(
      'signal',
      '--server',
      server.url,
      '--source',
      'n',
      '--key',
      'k',
      '--level',
      'down',
    );
    expect(level.code).toBe(2);
    const noReason = await runCli(
      'override',
      'sap-hana',
      '--level',
      'degraded',
      '--server',
      server.url,
    );
    expect(noReason.err).toBe('error: give --level and --reason to set an override, or --clear\n');
  });
});
