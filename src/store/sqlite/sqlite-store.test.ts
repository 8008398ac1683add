import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreContract } from '../store-contract.js';
import { buildService, chainModel, createChanges } from '../test-model.js';
import { openSqliteStore } from './sqlite-store.js';

const folder = mkdtempSync(join(tmpdir(), 'servicechain-store-'));
let files = 0;
const freshFile = () => join(folder, `nested-${++files}`, 'deeper', 'servicechain.db');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

runStoreContract('sqlite in memory', () => openSqliteStore({ file: ':memory:' }));
runStoreContract('sqlite file', () => openSqliteStore({ file: freshFile() }));

describe('openSqliteStore', () => {
  it('creates the folder, journals in WAL and records the migrations by name', async () => {
    const file = freshFile();
    const store = await openSqliteStore({ file });
    await store.migrate();
    await store.close();
    expect(existsSync(file)).toBe(true);
    const raw = new BetterSqlite3(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('select name from kysely_migration order by name').pluck().all()).toEqual([
        '0001_model',
        '0002_accounts',
        '0003_signals',
        '0004_history',
        '0005_incidents',
        '0006_maintenance',
        '0007_notify',
        '0008_status_pages',
        '0009_live_events',
        '0010_acknowledgements',
        '0011_subscriber_origin',
        '0012_signals_bytewise',
        '0013_one_sign_up',
      ]);
    } finally {
      raw.close();
    }
  });

  it('stamps changes with the clock it is given', async () => {
    const store = await openSqliteStore({
      file: ':memory:',
      now: () => new Date('2025-03-01T12:00:00.000Z'),
    });
    await store.migrate();
    await store.applyChanges(createChanges(chainModel()), { id: 'user:alice' });
    const db01 = await store.getEntity('service', 'db01');
    expect(db01?.createdAt).toBe('2025-03-01T12:00:00.000Z');
    expect((await store.listAudit({ limit: 1 }))[0]?.at).toBe('2025-03-01T12:00:00.000Z');
    await store.close();
    await store.close();
  });

  it('lets two connections to one file see each other’s committed changes', async () => {
    const file = freshFile();
    const writer = await openSqliteStore({ file });
    const reader = await openSqliteStore({ file });
    try {
      await writer.migrate();
      await reader.migrate();
      await writer.applyChanges(createChanges(chainModel()), { id: 'user:alice' });
      expect(await reader.loadModel()).toStrictEqual(chainModel());
      const web = buildService({ id: 'web' });
      await reader.applyChanges([{ op: 'create', kind: 'service', key: 'web', after: web }], {
        id: 'user:bob',
      });
      expect(await writer.getService('web')).toStrictEqual(web);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
