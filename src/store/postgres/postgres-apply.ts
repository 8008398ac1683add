import { type Kysely, sql } from 'kysely';
import type { EntityKind } from '../../model/entities.js';
import { conflict, conflictError } from '../change-order.js';
import type { Database } from '../rows.js';
import type { Actor, ChangeConflict, ModelChange } from '../store.js';
import { TABLES, type TableSpec } from '../tables.js';
import { findDanglingReferences, type WriteChange } from './postgres-references.js';
import { slices, unnestRows } from './postgres-unnest.js';

type Db = Kysely<Database>;
type Row = Record<string, unknown>;

/** A stretch of a change set run by one bulk statement: one op on one kind, no key twice. */
interface Run {
  op: ModelChange['op'];
  kind: EntityKind;
  changes: ModelChange[];
}

/** An audit row in the making, in change order. */
interface AuditEntry {
  op: string;
  kind: string;
  key: string;
  before: string | null;
  after: string | null;
}

/**
 * Applies an ordered change set inside the caller's transaction, one bulk statement per run
 * of like changes (a run of creates is one INSERT … ON CONFLICT DO NOTHING), so a change set of
 * a million services takes a few hundred round trips, not a million. The result is what
 * applying the changes one by one would give, which is what SQLite does.
 *
 * Concurrency: the caller holds the schema's model-write lock (see PostgresStore), so the
 * reads here (versions, references) stay true until commit, as under SQLite's single writer.
 */
export async function applyOrdered(
  db: Db,
  changes: readonly ModelChange[],
  actor: Actor,
  at: string,
): Promise<void> {
  const conflicts: ChangeConflict[] = [];
  const writes: WriteChange[] = [];
  const deleted = { service: new Set<string>(), party: new Set<string>() };
  const audit: AuditEntry[] = [];
  for (const run of runsOf(changes)) {
    const spec = TABLES[run.kind] as TableSpec<unknown>;
    const outcome =
      run.op === 'create'
        ? await createRun(db, spec, run.changes, at)
        : await changeRun(db, spec, run.op, run.changes, at);
    run.changes.forEach((change, i) => {
      const reason = outcome.reasons[i];
      if (reason !== undefined) {
        conflicts.push(conflict(change, reason));
        return;
      }
      if (change.op === 'delete') {
        if (change.kind === 'service' || change.kind === 'party')
          deleted[change.kind].add(change.key);
      } else {
        writes.push(change);
      }
      const entry = outcome.audit[i];
      if (entry) audit.push(entry);
    });
  }
  conflicts.push(...(await findDanglingReferences(db, writes, deleted)));
  if (conflicts.length > 0) throw conflictError(conflicts);
  await writeAudit(db, audit, actor.id, at);
}

/** Splits an ordered set into runs; a run ends where the op or kind changes or a key repeats. */
function runsOf(changes: readonly ModelChange[]): Run[] {
  const runs: Run[] = [];
  let keys = new Set<string>();
  for (const change of changes) {
    const last = runs[runs.length - 1];
    if (last && last.op === change.op && last.kind === change.kind && !keys.has(change.key)) {
      last.changes.push(change);
    } else {
      runs.push({ op: change.op, kind: change.kind, changes: [change] });
      keys = new Set();
    }
    keys.add(change.key);
  }
  return runs;
}

interface RunOutcome {
  /** Why each change conflicts, by its index in the run; absent when it was applied. */
  reasons: (string | undefined)[];
  audit: (AuditEntry | undefined)[];
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
const keyText = (spec: TableSpec<unknown>, row: Row) =>
  spec.keyColumns.map((c) => row[c] as string).join('->');

async function createRun(
  db: Db,
  spec: TableSpec<unknown>,
  changes: readonly ModelChange[],
  at: string,
): Promise<RunOutcome> {
  const created = new Set<string>();
  for (const slice of slices(changes)) {
    const rows = slice.map((c) => spec.toRow((c as WriteChange).after));
    const columns = sql.join(spec.columns.map((c) => sql.ref(c)));
    const result = await sql<Row>`
      insert into ${sql.table(spec.table)} (${columns}, version, created_at, updated_at)
      select ${columns}, 1, ${at}, ${at} from ${unnestRows('v', spec.columns, rows)}
      on conflict (${sql.join(spec.keyColumns.map((c) => sql.ref(c)))}) do nothing
      returning ${sql.join(spec.keyColumns.map((c) => sql.ref(c)))}`.execute(db);
    for (const row of result.rows) created.add(keyText(spec, row));
  }
  const reasons = changes.map((c) => (created.has(c.key) ? undefined : 'already exists'));
  const audit = changes.map((c) => {
    if (!created.has(c.key)) return undefined;
    const after = spec.fromRow(spec.toRow((c as WriteChange).after));
    return entry(c, null, json(after));
  });
  return { reasons, audit };
}

/** Updates or deletes: reads the stored rows, checks them, then writes in bulk. */
async function changeRun(
  db: Db,
  spec: TableSpec<unknown>,
  op: 'update' | 'delete',
  changes: readonly ModelChange[],
  at: string,
): Promise<RunOutcome> {
  const stored = await storedRows(db, spec, changes);
  const reasons: (string | undefined)[] = [];
  const audit: (AuditEntry | undefined)[] = [];
  const accepted: Row[] = [];
  for (const change of changes) {
    const before = stored.get(change.key);
    const reason =
      before === undefined
        ? 'does not exist'
        : change.op !== 'create' &&
            change.expectVersion !== undefined &&
            before.version !== change.expectVersion
          ? `is at version ${before.version}, not ${change.expectVersion}`
          : undefined;
    reasons.push(reason);
    if (reason !== undefined || before === undefined) {
      audit.push(undefined);
      continue;
    }
    if (change.op === 'delete') {
      accepted.push(before);
      audit.push(entry(change, json(spec.fromRow(before)), null));
    } else {
      const row = spec.toRow((change as WriteChange).after);
      accepted.push(row);
      audit.push(entry(change, json(spec.fromRow(before)), json(spec.fromRow(row))));
    }
  }
  for (const slice of slices(accepted)) {
    if (op === 'delete') await deleteRows(db, spec, slice);
    else await updateRows(db, spec, slice, at);
  }
  return { reasons, audit };
}

const keyMatch = (spec: TableSpec<unknown>) =>
  sql.join(
    spec.keyColumns.map((c) => sql`t.${sql.ref(c)} = v.${sql.ref(c)}`),
    sql` and `,
  );

async function storedRows(
  db: Db,
  spec: TableSpec<unknown>,
  changes: readonly ModelChange[],
): Promise<Map<string, Row>> {
  const stored = new Map<string, Row>();
  for (const slice of slices(changes)) {
    const keys = slice.map((c) => {
      const values = spec.keyValues(c.key) as string[];
      return Object.fromEntries(spec.keyColumns.map((column, i) => [column, values[i]]));
    });
    const result = await sql<Row>`
      select t.* from ${sql.table(spec.table)} t
      join ${unnestRows('v', spec.keyColumns, keys)} on ${keyMatch(spec)}`.execute(db);
    for (const row of result.rows) stored.set(keyText(spec, row), row);
  }
  return stored;
}

async function updateRows(db: Db, spec: TableSpec<unknown>, rows: readonly Row[], at: string) {
  const own = spec.columns.filter((c) => !spec.keyColumns.includes(c));
  const assignments = sql.join(own.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
  await sql`
    update ${sql.table(spec.table)} as t
    set ${assignments}, version = t.version + 1, updated_at = ${at}
    from ${unnestRows('v', spec.columns, rows)}
    where ${keyMatch(spec)}`.execute(db);
}

async function deleteRows(db: Db, spec: TableSpec<unknown>, rows: readonly Row[]) {
  await sql`
    delete from ${sql.table(spec.table)} as t
    using ${unnestRows('v', spec.keyColumns, rows)}
    where ${keyMatch(spec)}`.execute(db);
}

function entry(change: ModelChange, before: string | null, after: string | null): AuditEntry {
  return { op: change.op, kind: change.kind, key: change.key, before, after };
}

/** One audit record per applied change, in change order (ids follow the rows' order). */
async function writeAudit(db: Db, entries: readonly AuditEntry[], actor: string, at: string) {
  for (const slice of slices(entries)) {
    const rows = slice.map((e, n) => ({ ...e, n }));
    await sql`
      insert into audit (at, actor, op, kind, "key", before, after)
      select ${at}, ${actor}, v.op, v.kind, v."key", v.before, v.after
      from ${unnestRows('v', ['n', 'op', 'kind', 'key', 'before', 'after'], rows)}
      order by v.n`.execute(db);
  }
}
