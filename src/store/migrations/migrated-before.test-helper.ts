import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { SKIP_POSTGRES, TEST_DATABASE_URL } from '../../../test/postgres.js';
import { migrations, type SqlFlavor } from '../migrations.js';

/** The flavours a migration's test runs on: PostgreSQL unless it is skipped. */
export const MIGRATION_FLAVORS: SqlFlavor[] = SKIP_POSTGRES ? ['sqlite'] : ['sqlite', 'postgres'];

/**
 * A database of this flavour migrated up to (not including) the migration named, and how to end
 * it: SQLite in memory, or a schema of its own on the test PostgreSQL, dropped at the end.
 */
export async function migratedBefore(
  flavor: SqlFlavor,
  name: string,
): Promise<{ db: Kysely<unknown>; schema?: string; end(): Promise<void> }> {
  const earlier = Object.fromEntries(
    Object.entries(migrations(flavor)).filter(([migration]) => migration < name),
  );
  if (flavor === 'sqlite') {
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }),
    });
    await new Migrator({ db, provider: { getMigrations: async () => earlier } }).migrateToLatest();
    return { db, end: () => db.destroy() };
  }
  const schema = `migration_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  await admin.query(`create schema ${schema}`);
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({
        connectionString: TEST_DATABASE_URL,
        max: 2,
        options: `-c search_path=${schema}`,
      }),
    }),
  });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => earlier },
    migrationTableSchema: schema,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return {
    db,
    schema,
    end: async () => {
      await db.destroy();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
