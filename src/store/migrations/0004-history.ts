import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * The history of effective statuses. `status_changes` holds every transition the engine made,
 * appended in the order they happened (ids increase with time). `status_snapshots` holds, now and
 * then, the state of the whole chain at `at` (after every change with `at` at or before it): its
 * non-default services in one encoded text (see sqlite-history.ts), so that the state at a past
 * moment is the newest snapshot before it plus the few changes since, however long the history.
 * Times are ms since the epoch.
 */
export function historyMigration(flavor: SqlFlavor): Migration {
  // As in 0003: the rowid on SQLite, 64 bits on PostgreSQL (a busy chain passes 2^31 changes).
  const id = flavor === 'sqlite' ? sql`integer` : sql`bigint generated always as identity`;
  const ms = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  // SQLite has no boolean type: 0 and 1 in an integer, as its own `true` and `false` are.
  const flag = flavor === 'sqlite' ? sql`integer` : sql`boolean`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('status_changes')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addColumn('from_level', 'text', (c) => c.notNull())
        .addColumn('from_maintenance', flag, (c) => c.notNull())
        .addColumn('from_acknowledged', flag, (c) => c.notNull())
        .addColumn('to_level', 'text', (c) => c.notNull())
        .addColumn('to_maintenance', flag, (c) => c.notNull())
        .addColumn('to_acknowledged', flag, (c) => c.notNull())
        .addColumn('cause', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('status_changes_at').on('status_changes').column('at').execute();
      await db.schema
        .createIndex('status_changes_service_at')
        .on('status_changes')
        .columns(['service', 'at'])
        .execute();

      await db.schema
        .createTable('status_snapshots')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('at', ms, (c) => c.notNull())
        // How many services the encoded states hold, to tell a snapshot's size without reading it.
        .addColumn('services', 'integer', (c) => c.notNull())
        .addColumn('states', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('status_snapshots_at')
        .on('status_snapshots')
        .column('at')
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ['status_snapshots', 'status_changes'])
        await db.schema.dropTable(table).execute();
    },
  };
}
