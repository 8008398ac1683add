import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';

/** A temporary folder for the run's database files, removed by `remove`. */
export interface Scratch {
  /** A path for a new database file, never handed out before. */
  file(name: string): string;
  remove(): Promise<void>;
}

export async function createScratch(): Promise<Scratch> {
  const folder = await mkdtemp(join(tmpdir(), 'bench-store-'));
  let next = 0;
  return {
    file: (name) => join(folder, `${next++}-${name}.db`),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

/** A store on a new file, migrated: the schema every contender writes into. */
export async function openMigratedStore(file: string): Promise<Store> {
  const store = await openSqliteStore({ file });
  await store.migrate();
  return store;
}

/** Creates the store's schema in a new file, through its own migrations, and closes it. */
export async function createSchema(file: string): Promise<void> {
  const store = await openMigratedStore(file);
  await store.close();
}

/**
 * A plain better-sqlite3 connection set up as the store sets its own (WAL, synchronous FULL,
 * foreign keys on), so the baseline differs from the store only in the code above SQLite.
 */
export function openRaw(file: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}
