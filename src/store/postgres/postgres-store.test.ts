import { describe, expect, it } from 'vitest';
import { openTestPostgresStore, SKIP_POSTGRES } from '../../../test/postgres.js';
import { runStoreContract } from '../store-contract.js';
import { chainModel, createChanges } from '../test-model.js';
import { redactUrl } from './postgres-connection.js';
import { openPostgresStore } from './postgres-store.js';

if (SKIP_POSTGRES) {
  describe.skip('PostgreSQL store (skipped: SERVICECHAIN_SKIP_POSTGRES=1)', () => {
    it.skip('needs a PostgreSQL server', () => undefined);
  });
} else {
  runStoreContract('postgres', openTestPostgresStore);

  describe('openPostgresStore', () => {
    it('names the URL without its password when the server cannot be reached', async () => {
      const url = 'postgres://someone:s3cret@127.0.0.1:1/nowhere';
      const error = await openPostgresStore({ url }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(
        /^cannot connect to PostgreSQL at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: /,
      );
      expect(error?.message).not.toContain('s3cret');
    });

    it('refuses a schema name that would need quoting', async () => {
      await expect(
        openPostgresStore({ url: 'postgres://x@127.0.0.1:1/x', schema: 'a"; drop' }),
      ).rejects.toThrow(`schema 'a"; drop' is not a plain lower-case name`);
    });

    it('stamps changes with the clock it is given and records the migrations by name', async () => {
      const store = await openTestPostgresStore();
      try {
        await store.migrate();
        await store.migrate();
        await store.applyChanges(createChanges(chainModel()), { id: 'user:alice' });
        expect((await store.getEntity('service', 'db01'))?.version).toBe(1);
        expect(await store.loadModel()).toStrictEqual(chainModel());
      } finally {
        await store.close();
        await store.close();
      }
    });
  });

  describe('redactUrl', () => {
    it('masks only the password', () => {
      expect(redactUrl('postgresql://u:p%40ss@db.example:5433/sc?sslmode=require')).toBe(
        'postgresql://u:***@db.example:5433/sc?sslmode=require',
      );
      expect(redactUrl('postgres://u@db/sc')).toBe('postgres://u@db/sc');
      expect(redactUrl('not a url :p@ss')).toBe('(a malformed database URL)');
    });
  });
}
