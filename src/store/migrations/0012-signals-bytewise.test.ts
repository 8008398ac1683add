import { randomBytes } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_POSTGRES, TEST_DATABASE_URL } from '../../../test/postgres.js';
import { migrationProvider } from '../migrations.js';

const suite = SKIP_POSTGRES ? describe.skip : describe;

suite('migration 0012 on PostgreSQL', () => {
  const schema = `migration_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  let db: Kysely<unknown>;
  let migrator: Migrator;

  beforeAll(async () => {
    await admin.query(`create schema ${schema}`);
    db = new Kysely<unknown>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({
          connectionString: TEST_DATABASE_URL,
          max: 2,
          options: `-c search_path=${schema}`,
        }),
      }),
    });
    migrator = new Migrator({
      db,
      provider: migrationProvider('postgres'),
      migrationTableSchema: schema,
    });
  });

  afterAll(async () => {
    await db?.destroy();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  /** The collation of each identity column that has one other than the database's default. */
  async function collations(): Promise<string[]> {
    const { rows } = await admin.query<{ c: string }>(
      `select table_name || '.' || column_name || ' ' || coalesce(collation_name, 'default') as c
       from information_schema.columns
       where table_schema = $1 and table_name in ('signals', 'signal_heads')
         and column_name in ('source', 'key', 'state')
       order by 1`,
      [schema],
    );
    return rows.map((r) => r.c);
  }

  it('makes the identity columns of signals and their heads compare bytewise, and back', async () => {
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await collations()).toStrictEqual([
      'signal_heads.key C',
      'signal_heads.source C',
      'signal_heads.state C',
      'signals.key C',
      'signals.source C',
      'signals.state C',
    ]);
    const down = await migrator.migrateTo('0011_subscriber_origin');
    expect(down.error).toBeUndefined();
    expect(await collations()).toStrictEqual([
      'signal_heads.key default',
      'signal_heads.source default',
      'signal_heads.state default',
      'signals.key default',
      'signals.source default',
      'signals.state default',
    ]);
  });
});
