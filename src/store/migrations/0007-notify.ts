import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * Notifications. `notify_subscribers` holds who is told what: services and events as JSON text
 * (read whole), and `sealed`, the AES-GCM box of a webhook's URL and signing secret or of a Slack
 * URL, which the store never sees in clear. `notify_deliveries` is the durable outbox and the
 * delivery log: a row per message to a subscriber, pending until sent or given up on. `due_at`
 * is when it was first meant to go out (the debounce spaces these), `next_attempt_at` when it goes
 * out next (retries move it, and so does a worker's lease). Times are ms since the epoch.
 */
export function notifyMigration(flavor: SqlFlavor): Migration {
  // As in 0005: ids never reused, so a token or a log line naming a subscriber means one.
  const id = flavor === 'sqlite' ? sql`integer` : sql`bigint generated always as identity`;
  const ref = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  const ms = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  const flag = flavor === 'sqlite' ? sql`integer` : sql`boolean`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notify_subscribers')
        .addColumn('id', id, (c) =>
          flavor === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('sealed', 'text')
        .addColumn('services', 'text', (c) => c.notNull())
        .addColumn('page', 'text')
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('internal', flag, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('notify_deliveries')
        .addColumn('id', id, (c) =>
          flavor === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('subscriber', ref, (c) =>
          c.notNull().references('notify_subscribers.id').onDelete('cascade'),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('key', 'text')
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('due_at', ms, (c) => c.notNull())
        .addColumn('next_attempt_at', ms, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('response_status', 'integer')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      // The worker's question: what is pending and due.
      await db.schema
        .createIndex('notify_deliveries_due')
        .on('notify_deliveries')
        .column('next_attempt_at')
        .where(sql.ref('status'), '=', 'pending')
        .execute();
      // The debounce's question (the latest message of a subscriber for a key) and the log's.
      await db.schema
        .createIndex('notify_deliveries_subscriber_key')
        .on('notify_deliveries')
        .columns(['subscriber', 'key', 'id'])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ['notify_deliveries', 'notify_subscribers'])
        await db.schema.dropTable(table).execute();
    },
  };
}
