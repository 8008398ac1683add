import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * Incidents. `incidents` holds one row per incident: the fields lists filter on as columns, the
 * linked signal ids and the root-cause snapshot as JSON text (written once, read whole).
 * `incident_services` holds the declared impacts, so that "incidents of this service" and "what
 * open incidents declare" are index reads. `incident_updates` is the log, appended to, never
 * rewritten. Times are ms since the epoch.
 */
export function incidentsMigration(flavor: SqlFlavor): Migration {
  // SQLite: an `integer primary key` is the rowid, and ids are never reused (autoincrement), so
  // that `incident/<id>` always means one incident. PostgreSQL: an identity column never reuses.
  const id = flavor === 'sqlite' ? sql`integer` : sql`bigint generated always as identity`;
  const ref = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  const ms = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  // The same collation as the model's ids, so that services sort alike everywhere.
  const serviceId = flavor === 'sqlite' ? sql`text` : sql`text collate "C"`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('incidents')
        .addColumn('id', id, (c) =>
          flavor === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('signals', 'text', (c) => c.notNull())
        .addColumn('root_cause', 'text', (c) => c.notNull())
        .addColumn('postmortem', 'text')
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('resolved_at', ms)
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('incidents_open')
        .on('incidents')
        .column('id')
        .where(sql.ref('status'), '<>', 'resolved')
        .execute();

      await db.schema
        .createTable('incident_services')
        .addColumn('incident_id', ref, (c) =>
          c.notNull().references('incidents.id').onDelete('cascade'),
        )
        .addColumn('service', serviceId, (c) => c.notNull())
        .addColumn('impact', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_services_pk', ['incident_id', 'service'])
        .$call((b) => (flavor === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
      await db.schema
        .createIndex('incident_services_service')
        .on('incident_services')
        .columns(['service', 'incident_id'])
        .execute();

      await db.schema
        .createTable('incident_updates')
        .addColumn('incident_id', ref, (c) =>
          c.notNull().references('incidents.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('at', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_updates_pk', ['incident_id', 'seq'])
        .$call((b) => (flavor === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ['incident_updates', 'incident_services', 'incidents'])
        await db.schema.dropTable(table).execute();
    },
  };
}
