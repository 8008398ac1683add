import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * Signals and manual overrides. `signals` keeps every signal received, once: its identity is
 * (source, key, starts_at, state), so a redelivery finds its row instead of adding one.
 * `signal_heads` holds, per (source, key), the signal that decides it now (the latest start;
 * at the same start, resolved over firing), so that the active signals are read at start
 * without scanning the history. Times are ms since the epoch.
 */
export function signalsMigration(flavor: SqlFlavor): Migration {
  // SQLite: an `integer primary key` is the rowid. PostgreSQL: 64 bits, since a busy receiver
  // passes 2^31 signals within days.
  const id = flavor === 'sqlite' ? sql`integer` : sql`bigint generated always as identity`;
  const ms = flavor === 'sqlite' ? sql`integer` : sql`bigint`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('signals')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('starts_at', ms, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('ends_at', ms)
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('url', 'text')
        // The matched service ids as a JSON array; empty when `unmatched` says why.
        .addColumn('services', 'text', (c) => c.notNull())
        .addColumn('unmatched', 'text')
        .addColumn('received_at', ms, (c) => c.notNull())
        .addUniqueConstraint('signals_identity', ['source', 'key', 'starts_at', 'state'])
        .execute();
      await db.schema
        .createIndex('signals_unmatched')
        .on('signals')
        .column('id')
        .where(sql.ref('unmatched'), 'is not', null)
        .execute();

      await db.schema
        .createTable('signal_heads')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('starts_at', ms, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('signal_id', ms, (c) => c.notNull())
        .addPrimaryKeyConstraint('signal_heads_pk', ['source', 'key'])
        // SQLite: one b-tree keyed by (source, key) instead of a rowid table and an index.
        .$call((b) => (flavor === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
      await db.schema
        .createIndex('signal_heads_firing')
        .on('signal_heads')
        .column('signal_id')
        .where(sql.ref('state'), '=', 'firing')
        .execute();

      await db.schema
        .createTable('overrides')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms)
        .addColumn('cleared_at', ms)
        .addColumn('cleared_by', 'text')
        .execute();
      await db.schema
        .createIndex('overrides_open')
        .on('overrides')
        .column('service')
        .where(sql.ref('cleared_at'), 'is', null)
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ['overrides', 'signal_heads', 'signals'])
        await db.schema.dropTable(table).execute();
    },
  };
}
