import {
  type CreateTableBuilder,
  type ForeignKeyConstraintBuilder,
  type Kysely,
  type Migration,
  type RawBuilder,
  sql,
} from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * The model tables and the audit log. Written once for both databases; the only differences are
 * in `columnTypes` (id collation, audit key) and in how edge tables are clustered, each commented.
 */
export function modelMigration(flavor: SqlFlavor): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const t = columnTypes(flavor);
      await db.schema
        .createTable('parties')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('parent', t.id)
        .addColumn('body', 'text', (c) => c.notNull())
        .$call(stamps)
        .addForeignKeyConstraint('parties_parent_fk', ['parent'], 'parties', ['id'], deferred)
        .execute();
      await db.schema.createIndex('parties_parent').on('parties').column('parent').execute();

      await db.schema
        .createTable('services')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('provider', t.id)
        .addColumn('lifecycle', 'text', (c) => c.notNull())
        .addColumn('criticality', 'text')
        .addColumn('cost_per_hour', 'double precision')
        .addColumn('rule', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .$call(stamps)
        .addForeignKeyConstraint('services_provider_fk', ['provider'], 'parties', ['id'], deferred)
        .execute();
      await db.schema.createIndex('services_provider').on('services').column('provider').execute();
      await db.schema.createIndex('services_label').on('services').column('label').execute();

      await db.schema
        .createTable('dependencies')
        .addColumn('from_id', t.id, (c) => c.notNull())
        .addColumn('to_id', t.id, (c) => c.notNull())
        .addColumn('impact', 'text')
        .addColumn('weight', 'double precision', (c) => c.notNull())
        .addColumn('note', 'text')
        .$call(stamps)
        .addPrimaryKeyConstraint('dependencies_pk', ['from_id', 'to_id'])
        .addForeignKeyConstraint('dependencies_from_fk', ['from_id'], 'services', ['id'], deferred)
        .addForeignKeyConstraint('dependencies_to_fk', ['to_id'], 'services', ['id'], deferred)
        .modifyEnd(t.tableEnd)
        .execute();
      await db.schema.createIndex('dependencies_to').on('dependencies').column('to_id').execute();

      await db.schema
        .createTable('subscriptions')
        .addColumn('party_id', t.id, (c) => c.notNull())
        .addColumn('service_id', t.id, (c) => c.notNull())
        .addColumn('slo', 'double precision')
        .addColumn('note', 'text')
        .$call(stamps)
        .addPrimaryKeyConstraint('subscriptions_pk', ['party_id', 'service_id'])
        .addForeignKeyConstraint(
          'subscriptions_party_fk',
          ['party_id'],
          'parties',
          ['id'],
          deferred,
        )
        .addForeignKeyConstraint(
          'subscriptions_service_fk',
          ['service_id'],
          'services',
          ['id'],
          deferred,
        )
        .modifyEnd(t.tableEnd)
        .execute();
      await db.schema
        .createIndex('subscriptions_service')
        .on('subscriptions')
        .column('service_id')
        .execute();

      await db.schema
        .createTable('audit')
        .addColumn('id', t.auditId, (c) =>
          flavor === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
      await db.schema.createIndex('audit_entity').on('audit').columns(['kind', 'key']).execute();
      await db.schema.createIndex('audit_actor').on('audit').column('actor').execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ['audit', 'subscriptions', 'dependencies', 'services', 'parties']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

interface ColumnTypes {
  id: RawBuilder<unknown>;
  auditId: RawBuilder<unknown>;
  /** Table options after the column list. */
  tableEnd: RawBuilder<unknown>;
}

function columnTypes(flavor: SqlFlavor): ColumnTypes {
  if (flavor === 'sqlite') {
    return {
      // SQLite compares text bytewise (BINARY) by default: ORDER BY id is JavaScript's order.
      id: sql`text`,
      auditId: sql`integer`,
      // Edge rows are small and always read in key order: keep them in the key's b-tree.
      tableEnd: sql`without rowid`,
    };
  }
  return {
    // PostgreSQL's default collation follows the locale; "C" keeps ORDER BY id bytewise.
    id: sql`text collate "C"`,
    // int4 comes back from pg as a number, int8 as a string.
    auditId: sql`integer generated always as identity`,
    tableEnd: sql``,
  };
}

function stamps<TB extends string, C extends string>(builder: CreateTableBuilder<TB, C>) {
  return builder
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

/** Deferred to commit, so the order of statements inside one change set does not matter. */
function deferred(builder: ForeignKeyConstraintBuilder): ForeignKeyConstraintBuilder {
  return builder.deferrable().initiallyDeferred();
}
