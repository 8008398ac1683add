import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlFlavor } from '../migrations.js';

/**
 * Users, browser sessions and API tokens. Secrets are never stored: sessions are keyed by the
 * SHA-256 of their cookie, tokens carry the SHA-256 of their secret; passwords are scrypt hashes.
 * Deleting a user deletes their sessions and tokens (cascade).
 */
export function accountsMigration(flavor: SqlFlavor): Migration {
  // PostgreSQL's default collation follows the locale; "C" keeps ORDER BY name bytewise.
  const name = flavor === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('name', name, (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('teams', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('password_updated_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('user_name', name, (c) =>
          c.notNull().references('users.name').onDelete('cascade'),
        )
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_name').execute();
      await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('user_name', name, (c) =>
          c.notNull().references('users.name').onDelete('cascade'),
        )
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema.createIndex('tokens_user').on('tokens').column('user_name').execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ['tokens', 'sessions', 'users'])
        await db.schema.dropTable(table).execute();
    },
  };
}
