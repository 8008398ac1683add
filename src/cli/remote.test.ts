import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-run.js';
import { type DemoApp, demoApp, TEST_ADMIN } from '../../test/demo-app.js';
import { createApp } from '../api/app.js';
import { presentStatus } from '../api/status/routes.js';
import { modelToYaml } from '../as-code/export-model.js';
import { ModelIndex } from '../model/model-index.js';
import { describeService } from './commands/describe.js';
import { configPath, normalizeServer, readConfig, tokenFor } from './remote.js';

const TOKEN = 'sc_test_token';
let demo: DemoApp;
let server: FastifyInstance;
let url: string;
let home: string;
const saved = { ...process.env };

beforeAll(async () => {
  demo = await demoApp();
  server = await createApp({
    store: demo.store,
    runtime: demo.runtime,
    authenticate: async (request) =>
      request.headers.authorization === `Bearer ${TOKEN}` ? TEST_ADMIN : undefined,
  });
  url = await server.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await demo.close();
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'servicechain-remote-'));
  process.env.XDG_CONFIG_HOME = home;
  delete process.env.SERVICECHAIN_SERVER;
  process.env.SERVICECHAIN_TOKEN = TOKEN;
});
afterEach(async () => {
  for (const name of ['XDG_CONFIG_HOME', 'SERVICECHAIN_SERVER', 'SERVICECHAIN_TOKEN'])
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  await rm(home, { recursive: true, force: true });
});

const json = async (...args: string[]) => {
  const result = await runCli(...args, '--server', url, '--json');
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out);
};

describe('the CLI against a server', () => {
  it('answers status, explain, impact and what-if as the engine does', async () => {
    const engine = demo.runtime.engine;
    expect(await json('status', 'sap-erp')).toEqual(presentStatus(engine.status('sap-erp'))); // none acknowledged
    expect(await json('status')).toEqual([...engine.statuses()].map((s) => presentStatus(s)));
    expect(await json('explain', 'order-to-cash')).toEqual(engine.explain('order-to-cash'));
    expect(await json('impact', 'sap-erp', '--level', 'degraded')).toEqual(
      engine.impact('sap-erp', 'degraded'),
    );
    expect(await json('what-if', '--down', 'sap-erp', 'sap-ewm')).toEqual(
      engine.whatIf(
        ['sap-erp', 'sap-ewm'].map((service) => ({
          type: 'override',
          service,
          level: 'major_outage',
          reason: 'what-if',
        })),
      ),
    );
  });

  it('shows and exports the model as a local data folder would', async () => {
    const model = await demo.store.loadModel();
    expect(await json('show', 'order-to-cash')).toEqual(
      JSON.parse(JSON.stringify(describeService(new ModelIndex(model), 'order-to-cash').json)),
    );
    const exported = await runCli('export', '--server', url);
    expect(exported.code).toBe(0);
    expect(exported.out).toBe(`${modelToYaml(model).all}\n`);
  });

  it('takes the server from SERVICECHAIN_SERVER, unless --data is given', async () => {
    process.env.SERVICECHAIN_SERVER = url;
    const remote = await runCli('status', 'sap-erp', '--json');
    expect(JSON.parse(remote.out).service).toBe('sap-erp');
    const both = await runCli('status', '--server', url, '--data', home);
    expect(both.code).toBe(1);
    expect(both.err).toContain('--server and --data do not go together');
  });

  it('reports refusals with the server message and exit 1', async () => {
    const missing = await runCli('status', 'sap-erq', '--server', url);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: no service 'sap-erq'/);
    delete process.env.SERVICECHAIN_TOKEN;
    const unsigned = await runCli('status', '--server', url);
    expect(unsigned.code).toBe(1);
    expect(unsigned.err).toContain('(set SERVICECHAIN_TOKEN)');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const down = await runCli('status', '--server', `http://127.0.0.1:${port}`);
    expect(down.code).toBe(1);
    expect(down.err).toBe(`error: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it('reads the token from the config file, per server or for any', async () => {
    delete process.env.SERVICECHAIN_TOKEN;
    const file = configPath();
    await mkdir(join(home, 'servicechain'), { recursive: true });
    await writeFile(file, JSON.stringify({ servers: { [url]: { token: TOKEN } }, token: 'other' }));
    await chmod(file, 0o600);
    expect((await json('status', 'sap-erp')).service).toBe('sap-erp');
    expect(await tokenFor(normalizeServer('https://elsewhere.example'))).toBe('other');
  });
});

describe('the config file', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/servicechain/config.json');
    expect(configPath({})).toMatch(/\/\.config\/servicechain\/config\.json$/);
  });

  it('is refused when others may read it, and when it is not JSON', async () => {
    const file = join(home, 'config.json');
    await writeFile(file, '{"token":"x"}');
    await chmod(file, 0o644);
    await expect(readConfig(file)).rejects.toThrow(
      `${file} holds API tokens but others may read it (mode 644): run chmod 600 ${file}`,
    );
    await chmod(file, 0o600);
    expect(await readConfig(file)).toEqual({ token: 'x' });
    await writeFile(file, '[');
    await expect(readConfig(file)).rejects.toThrow(/not valid JSON/);
    expect(await readConfig(join(home, 'none.json'))).toBe(undefined);
  });
});

describe('tokenFor', () => {
  it('will not send a token over plain http beyond this machine', async () => {
    await expect(tokenFor(normalizeServer('http://sc.example.com/'))).rejects.toThrow(
      'refusing to send an API token over plain http to sc.example.com',
    );
    expect(await tokenFor(normalizeServer('http://localhost:8080'))).toBe(TOKEN);
  });

  it('refuses what is not an http URL', () => {
    expect(() => normalizeServer('ftp://x')).toThrow("'ftp://x' is not an http or https URL");
    expect(() => normalizeServer('nope')).toThrow("'nope' is not a URL");
    expect(normalizeServer('https://a.example/sc/').href).toBe('https://a.example/sc');
  });
});
