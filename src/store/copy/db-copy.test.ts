import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempFolderPerTest } from '../../../test/cli-run.js';
import { fillEveryTable } from '../../../test/fill-every-table.js';
import { SKIP_POSTGRES, TEST_DATABASE_URL } from '../../../test/postgres.js';
import { openPostgresStore } from '../postgres/postgres-store.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import type { Store } from '../store.js';
import { migratedTables, NOT_COPIED } from './migrated-tables.js';

const { folder } = tempFolderPerTest('servicechain-copy-');
const schema = `copy_${process.pid}_${randomBytes(3).toString('hex')}`;
const pgUrl = `${TEST_DATABASE_URL}?schema=${schema}`;

afterAll(async () => {
  if (SKIP_POSTGRES) return;
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

async function filledSqlite(file: string): Promise<void> {
  const store = await openSqliteStore({ file });
  await store.migrate();
  await fillEveryTable(store);
  await store.close();
}

/** What a store answers about everything a copy must carry, to compare two stores. */
async function contents(store: Store) {
  const incidents = await store.listIncidents({ limit: 100 });
  return {
    model: await store.loadModel(),
    audit: await store.listAudit({ limit: 1000 }),
    users: await store.listUsers(),
    tokens: await store.listTokens(),
    session: await store.getSession('session-hash'),
    signals: await store.listActiveSignals(Date.parse('2026-11-28T20:00:00Z')),
    overrides: await store.listActiveOverrides(Date.parse('2026-11-28T20:00:00Z')),
    acknowledgements: await store.listActiveAcknowledgements(Date.parse('2026-11-28T20:00:00Z')),
    history: await store.stateAt(Date.parse('2026-11-28T20:00:00Z')),
    incidents: await Promise.all(incidents.map((i) => store.getIncident(i.id))),
    windows: await store.listWindows({ limit: 100 }),
    subscribers: await store.listSubscribers(),
    deliveries: await store.listDeliveries(),
    pages: await store.listStatusPages(),
  };
}

async function sqliteContents(file: string) {
  const store = await openSqliteStore({ file });
  try {
    return await contents(store);
  } finally {
    await store.close();
  }
}

async function countRows(file: string): Promise<Map<string, number>> {
  const store = await openSqliteStore({ file });
  await store.close();
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const db = new BetterSqlite3(file, { readonly: true });
  const counts = new Map<string, number>();
  for (const table of await migratedTables())
    counts.set(
      table,
      (db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n,
    );
  db.close();
  return counts;
}

describe('servicechain db copy', () => {
  it('fills every table in the fixture, so a table a migration adds must be copied (or listed as not copied)', async () => {
    const file = join(folder(), 'source.db');
    await filledSqlite(file);
    const counts = await countRows(file);
    const empty = [...counts].filter(([table, n]) => n === 0 && !(table in NOT_COPIED));
    // A table here is one the fixture (test/fill-every-table.ts) does not fill yet: fill it.
    expect(empty).toEqual([]);
  });

  it('copies SQLite to SQLite with every row, then refuses to overwrite without --force', async () => {
    const from = join(folder(), 'source.db');
    const to = join(folder(), 'copy.db');
    await filledSqlite(from);
    const copied = await runCli('db', 'copy', '--from', from, '--to', to, '--batch', '2');
    expect(copied.code).toBe(0);
    expect(copied.err).toContain('audit: ');
    expect(copied.err).toContain('live_events: not copied');
    expect(copied.err).toMatch(/copied \d+ rows in \d+ tables; counts checked/);
    expect(await countRows(to)).toEqual(await countRows(from));
    expect(await sqliteContents(to)).toStrictEqual(await sqliteContents(from));

    const again = await runCli('db', 'copy', '--from', from, '--to', to);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`${to} holds data (`);
    expect(again.err).toContain('add --force');
    const forced = await runCli('db', 'copy', '--from', from, '--to', to, '--force');
    expect(forced.code).toBe(0);
    expect(await countRows(to)).toEqual(await countRows(from));
  });

  it('refuses a source that is not there and a bad batch size', async () => {
    const missing = await runCli(
      'db',
      'copy',
      '--from',
      join(folder(), 'nope.db'),
      '--to',
      join(folder(), 'x.db'),
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('--from: no database at');
    const batch = await runCli('db', 'copy', '--from', 'a', '--to', 'b', '--batch', '0');
    expect(batch.code).toBe(2);
    expect(batch.err).toContain("--batch: '0' is not a whole number of 1 or more");
  });

  it.skipIf(SKIP_POSTGRES)(
    'copies SQLite to PostgreSQL and back, the same answers from every store, identities moved on',
    async () => {
      const from = join(folder(), 'source.db');
      const back = join(folder(), 'back.db');
      await filledSqlite(from);
      const there = await runCli('db', 'copy', '--from', from, '--to', pgUrl);
      expect(there.code).toBe(0);
      const expected = await sqliteContents(from);
      const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema });
      try {
        expect(await contents(store)).toStrictEqual(expected);
        // The next ids follow the copied ones.
        const [newest] = await store.listAudit({ limit: 1 });
        await store.applyChanges(
          [{ op: 'delete', kind: 'subscription', key: 'finance->invoicing' }],
          { id: 'user:alice' },
        );
        const [after] = await store.listAudit({ limit: 1 });
        expect(after?.id).toBe((newest?.id ?? 0) + 1);
      } finally {
        await store.close();
      }
      const home = await runCli('db', 'copy', '--from', pgUrl, '--to', back);
      expect(home.code).toBe(0);
      const returned = await sqliteContents(back);
      expect(returned.incidents).toStrictEqual(expected.incidents);
      expect(returned.deliveries).toStrictEqual(expected.deliveries);
      expect(returned.subscribers).toStrictEqual(expected.subscribers);
      expect(returned.model.subscriptions).toHaveLength(expected.model.subscriptions.length - 1);
    },
    60_000,
  );
});
