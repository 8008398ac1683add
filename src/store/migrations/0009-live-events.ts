import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * The live events the leader of several server instances publishes (status transitions and
 * model changes, as the stream tells them), so that every instance streams the same events
 * under the same ids. Ids are given by the leader, one more than the last, so they have no gaps;
 * only the newest few thousand are kept. Unused on SQLite, where one process serves.
 */
export function liveEventsMigration(flavor: SqlFlavor): Migration {
  const big = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('live_events')
        .addColumn('id', big, (c) => c.primaryKey())
        // When the leader made the event (ms since the epoch): followers measure their lag from it.
        .addColumn('created_at', big, (c) => c.notNull())
        // The event as JSON, without its id.
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('live_events').execute();
    },
  };
}
