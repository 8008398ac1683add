import type BetterSqlite3 from 'better-sqlite3';
import type { EntityKind } from '../../model/entities.js';
import { conflict, conflictError, orderChanges } from '../change-order.js';
import type { Actor, ChangeConflict, ModelChange } from '../store.js';
import { TABLES, type TableSpec } from '../tables.js';
import { findDanglingReferences, type WriteChange } from './sqlite-references.js';

type Statement = BetterSqlite3.Statement;

interface TableStatements {
  spec: TableSpec<unknown>;
  select: Statement;
  insert: Statement;
  update: Statement;
  remove: Statement;
}

/**
 * Applies change sets with statements prepared once, inside one synchronous IMMEDIATE
 * transaction: nothing else runs on this connection meanwhile, and an error (or the process
 * dying) leaves the database as it was.
 */
export class SqliteApplier {
  private readonly tables: Record<EntityKind, TableStatements>;
  private readonly audit: Statement;
  private readonly run: (changes: readonly ModelChange[], actor: Actor) => void;

  constructor(
    db: BetterSqlite3.Database,
    private readonly now: () => Date,
  ) {
    this.tables = {
      party: prepareTable(db, TABLES.party as TableSpec<unknown>),
      service: prepareTable(db, TABLES.service as TableSpec<unknown>),
      dependency: prepareTable(db, TABLES.dependency as TableSpec<unknown>),
      subscription: prepareTable(db, TABLES.subscription as TableSpec<unknown>),
    };
    this.audit = db.prepare(
      'insert into audit (at, actor, op, kind, "key", before, after) values (?, ?, ?, ?, ?, ?, ?)',
    );
    const transaction = db.transaction((changes: readonly ModelChange[], actor: Actor) =>
      this.applyInTransaction(db, changes, actor),
    );
    this.run = (changes, actor) => transaction.immediate(changes, actor);
  }

  /** See Store.applyChanges. */
  apply(changes: readonly ModelChange[], actor: Actor): void {
    const ordered = orderChanges(changes, actor);
    if (ordered.length > 0) this.run(ordered, actor);
  }

  private applyInTransaction(
    db: BetterSqlite3.Database,
    changes: readonly ModelChange[],
    actor: Actor,
  ): void {
    const at = this.now().toISOString();
    const conflicts: ChangeConflict[] = [];
    const writes: WriteChange[] = [];
    const deleted = { service: new Set<string>(), party: new Set<string>() };
    for (const change of changes) {
      const reason = this.applyOne(change, actor.id, at);
      if (reason !== undefined) {
        conflicts.push(conflict(change, reason));
        continue;
      }
      if (change.op === 'delete') {
        if (change.kind === 'service' || change.kind === 'party')
          deleted[change.kind].add(change.key);
      } else {
        writes.push(change);
      }
    }
    conflicts.push(...findDanglingReferences(db, writes, deleted));
    if (conflicts.length > 0) throw conflictError(conflicts);
  }

  /** Runs one change; returns why it conflicts, or undefined when it was applied. */
  private applyOne(change: ModelChange, actor: string, at: string): string | undefined {
    const t = this.tables[change.kind];
    const keys = t.spec.keyValues(change.key) as string[];
    if (change.op === 'create') {
      const row = t.spec.toRow(change.after);
      const info = t.insert.run({ ...row, version: 1, created_at: at, updated_at: at });
      if (info.changes === 0) return 'already exists';
      this.record(at, actor, change, null, t.spec.fromRow(row));
      return undefined;
    }
    const before = t.select.get(...keys) as Record<string, unknown> | undefined;
    if (before === undefined) return 'does not exist';
    if (change.expectVersion !== undefined && before.version !== change.expectVersion)
      return `is at version ${before.version}, not ${change.expectVersion}`;
    if (change.op === 'delete') {
      t.remove.run(...keys);
      this.record(at, actor, change, t.spec.fromRow(before), null);
      return undefined;
    }
    const row = t.spec.toRow(change.after);
    t.update.run({ ...row, updated_at: at });
    this.record(at, actor, change, t.spec.fromRow(before), t.spec.fromRow(row));
    return undefined;
  }

  private record(at: string, actor: string, change: ModelChange, before: unknown, after: unknown) {
    this.audit.run(
      at,
      actor,
      change.op,
      change.kind,
      change.key,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    );
  }
}

function prepareTable(db: BetterSqlite3.Database, spec: TableSpec<unknown>): TableStatements {
  const where = spec.keyColumns.map((c) => `${c} = ?`).join(' and ');
  const stamped = [...spec.columns, 'version', 'created_at', 'updated_at'];
  const assignments = spec.columns
    .filter((c) => !spec.keyColumns.includes(c))
    .map((c) => `${c} = @${c}`)
    .join(', ');
  const keyMatch = spec.keyColumns.map((c) => `${c} = @${c}`).join(' and ');
  return {
    spec,
    select: db.prepare(`select * from ${spec.table} where ${where}`),
    insert: db.prepare(
      `insert into ${spec.table} (${stamped.join(', ')}) values (${stamped.map((c) => `@${c}`).join(', ')})
       on conflict (${spec.keyColumns.join(', ')}) do nothing`,
    ),
    update: db.prepare(
      `update ${spec.table} set ${assignments}, version = version + 1, updated_at = @updated_at where ${keyMatch}`,
    ),
    remove: db.prepare(`delete from ${spec.table} where ${where}`),
  };
}
