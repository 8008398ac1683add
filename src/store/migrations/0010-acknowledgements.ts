import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * Acknowledgements: someone has seen a service's trouble and is on it. Kept like overrides: a
 * row per acknowledgement, closed (cleared_at) when taken back, when the service recovers or
 * when it leaves the model, so the rows say who knew of what and when. Times are ms since the
 * epoch.
 */
export function acknowledgementsMigration(flavor: SqlFlavor): Migration {
  const id = flavor === 'sqlite' ? sql`integer` : sql`bigint generated always as identity`;
  const ms = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('acknowledgements')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms)
        .addColumn('cleared_at', ms)
        .addColumn('cleared_by', 'text')
        .execute();
      // At most one open acknowledgement per service, whatever two writers race to do.
      await db.schema
        .createIndex('acknowledgements_open')
        .on('acknowledgements')
        .column('service')
        .unique()
        .where(sql.ref('cleared_at'), 'is', null)
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('acknowledgements').execute();
    },
  };
}
