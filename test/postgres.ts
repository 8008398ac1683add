import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import type { Store } from '../src/store/store.js';

/** The PostgreSQL the tests use: TEST_DATABASE_URL, else the local one CI runs. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Set SERVICECHAIN_SKIP_POSTGRES=1 to skip the PostgreSQL tests (they show as skipped). Without
 * it a server that cannot be reached fails them: CI has one, and a silent skip would hide that.
 */
export const SKIP_POSTGRES = process.env.SERVICECHAIN_SKIP_POSTGRES === '1';

/** This test file's schemas: migrated once, emptied when a store on them closes, then reused. */
const created: string[] = [];
const free: string[] = [];
const run = `${process.pid}_${randomBytes(3).toString('hex')}`;
let admin: pg.Pool | undefined;

// Registered while the test file that imports this is collected: its schemas go when it ends.
afterAll(async () => {
  if (!admin) return;
  for (const schema of created.splice(0)) await admin.query(`drop schema ${schema} cascade`);
  free.length = 0;
  await admin.end();
  admin = undefined;
});

/**
 * A new, empty PostgreSQL store in a schema of this test file's own, so test files can run side
 * by side on one database. Migrating a schema costs a few hundred ms, so each is migrated once
 * and emptied (identities restarted) when its store closes, then handed to the next store; two
 * stores open at once get two schemas. Fails, saying what to do, when the server is not there.
 */
export async function openTestPostgresStore(): Promise<Store> {
  let schema = free.pop();
  const fresh = schema === undefined;
  schema ??= `test_${run}_${created.length + 1}`;
  let store: Store;
  try {
    store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, poolSize: 4 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${reason}. The PostgreSQL tests need a server: start one, point TEST_DATABASE_URL at it, ` +
        'or set SERVICECHAIN_SKIP_POSTGRES=1 to skip them.',
      { cause: error },
    );
  }
  if (fresh) {
    created.push(schema);
    await store.migrate();
  }
  const leased = schema;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await store.close();
    await empty(leased);
    free.push(leased);
  };
  return new Proxy(store, {
    get: (target, property, receiver) =>
      property === 'close' ? close : Reflect.get(target, property, receiver),
  });
}

/**
 * Empties every table but the migration log and restarts its ids, as a new schema would be.
 * DELETE and setval, not TRUNCATE: on a few small tables they take milliseconds, TRUNCATE
 * (new files for each table) hundreds. Newest tables first, so referrers go before what they
 * refer to.
 */
async function empty(schema: string): Promise<void> {
  admin ??= new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  const { rows } = await admin.query<{ name: string; sequences: (string | null)[] }>(
    `select format('%I.%I', n.nspname, c.relname) as name,
       array(select pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname)
             from pg_attribute a where a.attrelid = c.oid and a.attidentity <> '') as sequences
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind = 'r' and c.relname not like 'kysely\\_%'
     order by c.oid desc`,
    [schema],
  );
  const statements = rows.flatMap((r) => [
    `delete from ${r.name}`,
    ...r.sequences.flatMap((q) => (q === null ? [] : [`select setval('${q}', 1, false)`])),
  ]);
  if (statements.length > 0) await admin.query(`begin; ${statements.join('; ')}; commit`);
}
