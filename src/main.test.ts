import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from './main.js';
import { openDataStore } from './store/open-store.js';
import { buildService } from './store/test-model.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicechain-main-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (demo: boolean) => ({
  port: 0,
  host: '127.0.0.1',
  dataDir: join(dir, 'data'),
  logLevel: 'silent',
  demo,
});

describe('the server', () => {
  it('loads the demo model into a new database, once', async () => {
    const first = await startServer(config(true));
    expect((await first.store.listServices()).length).toBe(67);
    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const denied = await fetch(`${first.url}/api/v1/services`);
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe(
      'unauthenticated',
    );
    await first.close();
    const second = await startServer(config(true));
    const audit = await second.store.listAudit({ limit: 1000 });
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set(['system:demo']));
    expect(audit.length).toBe(272);
    await second.close();
  });

  it('starts empty without the demo', async () => {
    const server = await startServer(config(false));
    expect(await server.store.listServices()).toEqual([]);
    await server.close();
  });

  it('notices a model change made through another connection', async () => {
    const server = await startServer({ ...config(false), watchIntervalMs: 50 });
    const other = await openDataStore(join(dir, 'data'));
    await other.applyChanges(
      [
        {
          op: 'create',
          kind: 'service',
          key: 'new',
          after: buildService({ id: 'new' }),
        },
      ],
      { id: 'test' },
    );
    await other.close();
    let known = false;
    for (let tries = 0; tries < 100 && !known; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      known = [...server.runtime.engine.statuses()].some((s) => s.service === 'new');
    }
    expect(known).toBe(true);
    await server.close();
  });

  it('records status changes and writes the last of them on close', async () => {
    const server = await startServer(config(false));
    await server.store.applyChanges(
      [{ op: 'create', kind: 'service', key: 'web', after: buildService({ id: 'web' }) }],
      { id: 'test' },
    );
    await server.runtime.modelChanged();
    server.runtime.applyInputs([{ type: 'override', service: 'web', level: 'degraded' }], 1000);
    await server.close();
    const store = await openDataStore(join(dir, 'data'));
    const changes = await store.listStatusChanges({ from: 0, to: 2000 });
    await store.close();
    expect(changes.map((c) => [c.service, c.at, c.to.level, c.cause])).toStrictEqual([
      ['web', 1000, 'degraded', 'override'],
    ]);
  });
});
