import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SKIP_POSTGRES, TEST_DATABASE_URL } from '../../test/postgres.js';
import { openDataStore } from './open-store.js';

const dataDir = mkdtempSync(join(tmpdir(), 'servicechain-open-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('openDataStore', () => {
  it('refuses a DATABASE_URL that is not PostgreSQL, without its password', async () => {
    await expect(
      openDataStore(dataDir, { DATABASE_URL: 'mysql://root:hunter2@db/sc' }),
    ).rejects.toThrow(
      'DATABASE_URL must be a postgres:// or postgresql:// URL, not mysql://root:***@db/sc',
    );
  });

  it('names the PostgreSQL URL without its password when it cannot connect', async () => {
    const error = await openDataStore(dataDir, {
      DATABASE_URL: 'postgresql://sc:hunter2@127.0.0.1:1/sc',
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^cannot connect to PostgreSQL at postgresql:\/\/sc:\*\*\*@/);
    expect(error?.message).not.toContain('hunter2');
  });

  it.skipIf(SKIP_POSTGRES)('opens PostgreSQL in the schema DATABASE_SCHEMA names', async () => {
    const schema = `open_store_${process.pid}`;
    const store = await openDataStore(dataDir, {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
    });
    try {
      expect(await store.countUsers()).toBe(0);
      expect(await store.loadModel()).toStrictEqual({
        parties: [],
        services: [],
        dependencies: [],
        subscriptions: [],
      });
    } finally {
      await store.close();
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    }
  });
});
