import { join } from 'node:path';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** The SQLite file inside a data folder. */
export const DATABASE_FILE = 'servicechain.db';

/**
 * Opens (creating when new) and migrates the store of a data folder. The one place that picks the
 * store for a deployment; the server, the CLI and the tests all open it through here.
 */
export async function openDataStore(dataDir: string): Promise<Store> {
  const store = await openSqliteStore({ file: join(dataDir, DATABASE_FILE) });
  await store.migrate();
  return store;
}
