import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from '../migrations.js';

/**
 * Every table the migrations create, in the order they create them (referred-to tables before
 * the tables that refer to them): read from a scratch database migrated to the latest, so a
 * table a future migration adds is on the list without anyone remembering to add it.
 */
export async function migratedTables(): Promise<string[]> {
  const database = new BetterSqlite3(':memory:');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrateToLatest(db, 'sqlite');
    const rows = database
      .prepare(
        `select name from sqlite_master
         where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\'
         order by rowid`,
      )
      .all() as { name: string }[];
    return rows.map((row) => row.name);
  } finally {
    await db.destroy();
  }
}

/**
 * Tables `db copy` leaves out, with the reason: what they hold means nothing in another
 * database. Every other migrated table is copied.
 */
export const NOT_COPIED: Readonly<Record<string, string>> = {
  live_events:
    'the live stream of running instances; clients reload when their event id is unknown',
};
