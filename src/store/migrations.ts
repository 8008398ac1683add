import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { modelMigration } from './migrations/0001-model.js';
import { accountsMigration } from './migrations/0002-accounts.js';
import { signalsMigration } from './migrations/0003-signals.js';
import { historyMigration } from './migrations/0004-history.js';
import { incidentsMigration } from './migrations/0005-incidents.js';
import { maintenanceMigration } from './migrations/0006-maintenance.js';
import { notifyMigration } from './migrations/0007-notify.js';
import { statusPagesMigration } from './migrations/0008-status-pages.js';
import { liveEventsMigration } from './migrations/0009-live-events.js';
import { acknowledgementsMigration } from './migrations/0010-acknowledgements.js';
import { subscriberOriginMigration } from './migrations/0011-subscriber-origin.js';
import { signalsBytewiseMigration } from './migrations/0012-signals-bytewise.js';
import { oneSignUpMigration } from './migrations/0013-one-sign-up.js';

/** The databases the store runs on; migrations differ only where SQL must. */
export type SqlFlavor = 'sqlite' | 'postgres';

/** Every migration, by name; names sort in the order they run. */
export function migrations(flavor: SqlFlavor): Record<string, Migration> {
  return {
    '0001_model': modelMigration(flavor),
    '0002_accounts': accountsMigration(flavor),
    '0003_signals': signalsMigration(flavor),
    '0004_history': historyMigration(flavor),
    '0005_incidents': incidentsMigration(flavor),
    '0006_maintenance': maintenanceMigration(flavor),
    '0007_notify': notifyMigration(flavor),
    '0008_status_pages': statusPagesMigration(flavor),
    '0009_live_events': liveEventsMigration(flavor),
    '0010_acknowledgements': acknowledgementsMigration(flavor),
    '0011_subscriber_origin': subscriberOriginMigration(flavor),
    '0012_signals_bytewise': signalsBytewiseMigration(flavor),
    '0013_one_sign_up': oneSignUpMigration(flavor),
  };
}

/** A provider built in code, so the compiled package needs no migration folder at run time. */
export function migrationProvider(flavor: SqlFlavor): MigrationProvider {
  return { getMigrations: async () => migrations(flavor) };
}

/**
 * Brings the schema up to date. Throws, naming the migration, when one fails; migrations that
 * ran before it stay applied (each runs in its own transaction where the database allows).
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  flavor: SqlFlavor,
  /**
   * PostgreSQL: the schema the store works in. Kysely looks for its migration tables in every
   * schema unless told which, and would take another schema's for this one's.
   */
  schema?: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(flavor),
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new Error(
      `migration ${failed?.migrationName ?? '(before any ran)'} failed: ${cause.message}`,
      { cause },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
