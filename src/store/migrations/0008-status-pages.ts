import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * Status pages: one row per page, keyed by its slug. What lists filter on (audience) is a column;
 * the listed services and the switches are JSON text, written and read whole. Times are ms
 * since the epoch.
 */
export function statusPagesMigration(flavor: SqlFlavor): Migration {
  const ms = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  // Slugs sort bytewise everywhere, as the model's ids do.
  const slug = flavor === 'sqlite' ? sql`text` : sql`text collate "C"`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('status_pages')
        .addColumn('slug', slug, (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('status_pages').execute();
    },
  };
}
