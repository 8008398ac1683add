import { join, resolve } from 'node:path';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';

export const DATABASE_FILE = 'servicechain.db';

/** The data folder from `--data`, else SERVICECHAIN_DATA, else ./data. */
export function dataDirFrom(option: string | undefined): string {
  return resolve(option ?? process.env.SERVICECHAIN_DATA ?? './data');
}

/** Opens (creating when new) and migrates the store in a data folder. */
export async function openDataStore(dataDir: string): Promise<Store> {
  const store = await openSqliteStore({ file: join(dataDir, DATABASE_FILE) });
  await store.migrate();
  return store;
}
