import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempFolderPerTest } from '../../../test/cli-run.js';
import { type RunningServer, startServer } from '../../main.js';
import { demoModelPath } from '../../package-root.js';

describe('incident commands on a data folder', () => {
  const { dataArgs } = tempFolderPerTest('servicechain-incident-cli-');

  it('open, list, update, resolve and show, with the status following', async () => {
    expect((await runCli('apply', demoModelPath(), ...dataArgs())).code).toBe(0);
    const opened = await runCli(
      'incident',
      'open',
      '--title',
      'Shop checkout fails',
      '--message',
      'Payments time out',
      '--impact',
      'web-shop=major_outage',
      '--visibility',
      'public',
      '--json',
      ...dataArgs(),
    );
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.out)).toMatchObject({
      id: 1,
      status: 'investigating',
      visibility: 'public',
      services: [{ service: 'web-shop', impact: 'major_outage' }],
    });
    const status = await runCli('status', 'web-shop', '--json', ...dataArgs());
    expect(JSON.parse(status.out).level).toBe('major_outage');

    const listed = await runCli('incident', 'list', '--open', ...dataArgs());
    expect(listed.out.split('\n')[0]).toMatch(/^ID +STATUS +OPENED +SERVICES +TITLE$/);
    expect(listed.out).toContain('web-shop:major_outage');

    const updated = await runCli(
      'incident',
      'update',
      '1',
      '--message',
      'Degraded only now',
      '--status',
      'monitoring',
      '--impact',
      'web-shop=degraded',
      '--json',
      ...dataArgs(),
    );
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.out)).toMatchObject({
      status: 'monitoring',
      services: [{ service: 'web-shop', impact: 'degraded' }],
      version: 3,
    });
    expect(
      JSON.parse((await runCli('status', 'web-shop', '--json', ...dataArgs())).out).level,
    ).toBe('degraded');

    const resolved = await runCli('incident', 'resolve', '1', '--message', 'Fixed', ...dataArgs());
    expect(resolved.code).toBe(0);
    const [heading, statusLine] = resolved.out.split('\n');
    expect(heading).toBe('incident 1: Shop checkout fails');
    expect(statusLine).toMatch(/^ {2}status {6}resolved \(resolved \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
    expect(
      JSON.parse((await runCli('status', 'web-shop', '--json', ...dataArgs())).out).level,
    ).toBe('operational');
    const shown = await runCli('incident', 'show', '1', ...dataArgs());
    expect(shown.out).toMatch(/investigating +cli:[^ ]+ +Payments time out/);
    expect(shown.out).toMatch(/resolved +cli:[^ ]+ +Fixed/);
  });

  it('refuses bad input with the problem and its place, and usage mistakes with exit 2', async () => {
    expect((await runCli('apply', demoModelPath(), ...dataArgs())).code).toBe(0);
    const unknown = await runCli(
      'incident',
      'open',
      '--title',
      't',
      '--message',
      'm',
      '--impact',
      'nope=degraded',
      ...dataArgs(),
    );
    expect(unknown).toStrictEqual({
      code: 1,
      out: '',
      err: "error: services[0].service: no service 'nope'\n  no service 'nope'\n",
    });
    const badImpact = await runCli(
      'incident',
      'open',
      '--title',
      't',
      '--message',
      'm',
      '--impact',
      'web-shop',
      ...dataArgs(),
    );
    expect(badImpact.code).toBe(2);
    const missing = await runCli('incident', 'show', '7', ...dataArgs());
    expect(missing).toStrictEqual({ code: 1, out: '', err: 'error: no incident 7\n' });
    const nothing = await runCli('incident', 'update', '1', ...dataArgs());
    expect(nothing.code).toBe(2);
  });
});

describe('incident commands against a server', () => {
  const folder = mkdtempSync(join(tmpdir(), 'servicechain-incident-remote-'));
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(folder, 'data'),
      logLevel: 'silent',
      demo: true,
      adminPassword: 'incident cli admin password',
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

  it('open, change fields (with the version just read), resolve and list', async () => {
    const at = ['--server', server.url, '--json'];
    const opened = await runCli(
      'incident',
      'open',
      '--title',
      'ERP slow',
      '--message',
      'Batch jobs late',
      '--impact',
      'sap-erp=degraded',
      ...at,
    );
    expect(JSON.parse(opened.out)).toMatchObject({ id: 1, author: 'user:ops' });
    const renamed = await runCli('incident', 'update', '1', '--title', 'ERP very slow', ...at);
    expect(JSON.parse(renamed.out)).toMatchObject({ title: 'ERP very slow', version: 2 });
    await runCli('incident', 'resolve', '1', '--message', 'Done', ...at);
    const listed = JSON.parse((await runCli('incident', 'list', '--resolved', ...at)).out);
    expect(listed).toMatchObject({ items: [{ id: 1, status: 'resolved' }], nextBefore: null });
  });
});
