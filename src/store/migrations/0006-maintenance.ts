import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * Maintenance windows. `maintenance_windows` holds one row per window: a one-off window's
 * instants, or a recurring one's DTSTART wall time, zone, duration and rule; `first_start` and
 * `last_end` (derived from the schedule when it is written) let lists skip what is over without
 * expanding rules. `maintenance_services` holds the covered services, so that "windows of this
 * service" is an index read. Times are ms since the epoch.
 */
export function maintenanceMigration(flavor: SqlFlavor): Migration {
  // Ids are never reused (autoincrement; an identity column), so that the engine's key
  // `<id>@<start>` always means one window.
  const id = flavor === 'sqlite' ? sql`integer` : sql`bigint generated always as identity`;
  const ref = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  const ms = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  // The same collation as the model's ids, so that services sort alike everywhere.
  const serviceId = flavor === 'sqlite' ? sql`text` : sql`text collate "C"`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('maintenance_windows')
        .addColumn('id', id, (c) =>
          flavor === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        // One-off: the instants. Recurring: null.
        .addColumn('starts_at', ms)
        .addColumn('ends_at', ms)
        // Recurring: DTSTART's wall time, the zone, the duration and the rule. One-off: null.
        .addColumn('local_start', 'text')
        .addColumn('zone', 'text')
        .addColumn('duration_minutes', 'integer')
        .addColumn('rrule', 'text')
        .addColumn('first_start', ms, (c) => c.notNull())
        .addColumn('last_end', ms, (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        // 0 or 1 on both databases, so that rows read alike.
        .addColumn('cancelled', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('maintenance_windows_last_end')
        .on('maintenance_windows')
        .columns(['last_end', 'id'])
        .execute();

      await db.schema
        .createTable('maintenance_services')
        .addColumn('window_id', ref, (c) =>
          c.notNull().references('maintenance_windows.id').onDelete('cascade'),
        )
        .addColumn('service', serviceId, (c) => c.notNull())
        .addPrimaryKeyConstraint('maintenance_services_pk', ['window_id', 'service'])
        .$call((b) => (flavor === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
      await db.schema
        .createIndex('maintenance_services_service')
        .on('maintenance_services')
        .columns(['service', 'window_id'])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ['maintenance_services', 'maintenance_windows'])
        await db.schema.dropTable(table).execute();
    },
  };
}
