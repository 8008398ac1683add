import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { openTestPostgresStore } from './postgres.js';

/**
 * The store the integration tests run on: SQLite in memory, or PostgreSQL (a schema of the test
 * file's own) when SERVICECHAIN_TEST_STORE=postgres, as the `postgres` vitest project sets. One
 * set of test files covers both stores. Not migrated yet.
 */
export function openTestStore(): Promise<Store> {
  return process.env.SERVICECHAIN_TEST_STORE === 'postgres'
    ? openTestPostgresStore()
    : openSqliteStore({ file: ':memory:' });
}
