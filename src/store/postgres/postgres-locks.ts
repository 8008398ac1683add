import { type QueryExecutorProvider, sql } from 'kysely';

/**
 * What a transaction-scoped advisory lock serialises. Each is a read-check-write that SQLite's
 * single writer made atomic: model change sets (versions, references), audited account
 * writes (names, the last admin), and the outbox's debounce (read the latest message of a key,
 * then merge or insert), and signal batches (postgres-signal-batch.ts, which takes it in the
 * same round trip as `begin`), and acknowledgements (clear the open one, insert the next: the
 * open one is unique per service). Incidents, windows and subscribers lock their own row instead.
 */
export const LOCKS = { model: 1, accounts: 2, notify: 3, signals: 4, acknowledgements: 5 } as const;

/**
 * Takes the lock until the transaction ends. Keyed by the schema too, so stores in different
 * schemas of one database (tests running side by side) never wait for each other. An advisory
 * lock rather than SERIALIZABLE: these writes are few, waiting costs less than retrying them,
 * and a change set of a million rows would almost surely be the one to fail a serialization check.
 */
export async function lockFor(db: QueryExecutorProvider, what: keyof typeof LOCKS): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(current_schema()), ${LOCKS[what]})`.execute(db);
}
