import type BetterSqlite3 from 'better-sqlite3';
import type { StatusLevel } from '../../model/levels.js';
import {
  type CodedState,
  checkChanges,
  checkTime,
  decodeSnapshot,
  encodeSnapshot,
  historicStates,
  refusal,
  stateCode,
  tooManyStateChanges,
} from '../history-codec.js';
import {
  type HistoricState,
  type NewStatusChange,
  SNAPSHOT_DAY_MS,
  STATE_CHANGES_MAX,
  STATUS_CHANGES_DEFAULT_LIMIT,
  STATUS_CHANGES_MAX_LIMIT,
  type StateChange,
  type StatusChange,
  type StatusChangeQuery,
} from '../history-store.js';

/** A `status_changes` row as SQLite returns it (flags as 0 and 1). */
interface StatusChangeRow {
  id: number;
  service: string;
  at: number;
  from_level: string;
  from_maintenance: number;
  from_acknowledged: number;
  to_level: string;
  to_maintenance: number;
  to_acknowledged: number;
  cause: string;
}

/** A status change's columns in insert order, flags as 0 and 1 (what the writer thread is sent). */
export type ChangeTuple = [string, number, string, 0 | 1, 0 | 1, string, 0 | 1, 0 | 1, string];

export function changeTuple(c: NewStatusChange): ChangeTuple {
  return [
    c.service,
    c.at,
    c.from.level,
    c.from.maintenance ? 1 : 0,
    c.from.acknowledged ? 1 : 0,
    c.to.level,
    c.to.maintenance ? 1 : 0,
    c.to.acknowledged ? 1 : 0,
    c.cause,
  ];
}

function changeRowToChange(row: StatusChangeRow): StatusChange {
  return {
    id: row.id,
    service: row.service,
    at: row.at,
    from: {
      level: row.from_level as StatusLevel,
      maintenance: row.from_maintenance === 1,
      acknowledged: row.from_acknowledged === 1,
    },
    to: {
      level: row.to_level as StatusLevel,
      maintenance: row.to_maintenance === 1,
      acknowledged: row.to_acknowledged === 1,
    },
    cause: row.cause,
  };
}

/**
 * Below this many services, stateAt looks each one up on the (service, at) index; above it, it
 * rebuilds the whole chain from a snapshot, which costs the same whatever is asked.
 */
const DIRECT_LOOKUP_MAX = 1000;

const CHANGE_COLUMNS = `id, service, at, from_level, from_maintenance, from_acknowledged,
  to_level, to_maintenance, to_acknowledged, cause`;

/**
 * The status history on a better-sqlite3 connection. The state at a moment is the newest
 * snapshot at or before it plus the changes after the snapshot up to the moment, so its cost is
 * bounded by how often snapshots are written, not by how long the history is.
 */
export class SqliteHistory {
  private readonly insert: BetterSqlite3.Statement;
  private readonly dropSnapshotsFrom: BetterSqlite3.Statement;
  private readonly newestSnapshot: BetterSqlite3.Statement;
  private readonly changesBetween: BetterSqlite3.Statement;
  private readonly latestOf: BetterSqlite3.Statement;
  private readonly insertSnapshot: BetterSqlite3.Statement;
  private readonly pruneBefore: BetterSqlite3.Statement;
  private readonly recordAll: (rows: readonly ChangeTuple[]) => void;
  private readonly listQueries = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {
    this.insert = db.prepare(
      `insert into status_changes (service, at, from_level, from_maintenance, from_acknowledged,
         to_level, to_maintenance, to_acknowledged, cause) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.dropSnapshotsFrom = db.prepare('delete from status_snapshots where at >= ?');
    this.newestSnapshot = db.prepare(
      'select at, states from status_snapshots where at <= ? order by at desc, id desc limit 1',
    );
    // In (at, id) order: the order of the `at` index, whose entries end with the rowid.
    this.changesBetween = db
      .prepare(
        `select service, at, to_level, to_maintenance, to_acknowledged from status_changes
         where at > ? and at <= ? order by at, id`,
      )
      .raw();
    this.latestOf = db.prepare(
      `select at, to_level, to_maintenance, to_acknowledged from status_changes
       where service = ? and at <= ? order by at desc, id desc limit 1`,
    );
    this.insertSnapshot = db.prepare(
      'insert into status_snapshots (at, services, states) values (?, ?, ?)',
    );
    // The day's length is written in, not bound: a bound number is a REAL to SQLite, and the
    // division must be an integer one. The newer snapshot is found on the `at` index.
    this.pruneBefore = db.prepare(
      `delete from status_snapshots where at < @before and exists (
         select 1 from status_snapshots t
         where t.at < @before
           and t.at < (status_snapshots.at / ${SNAPSHOT_DAY_MS} + 1) * ${SNAPSHOT_DAY_MS}
           and (t.at > status_snapshots.at
             or (t.at = status_snapshots.at and t.id > status_snapshots.id)))`,
    );
    this.recordAll = db.transaction((rows: readonly ChangeTuple[]) => {
      let earliest = Number.POSITIVE_INFINITY;
      for (const row of rows) {
        this.insert.run(row);
        if (row[1] < earliest) earliest = row[1];
      }
      // A snapshot taken at or after a change it does not include would now be wrong.
      this.dropSnapshotsFrom.run(earliest);
    });
  }

  record(changes: readonly NewStatusChange[]): void {
    checkChanges(changes);
    if (changes.length > 0) this.recordAll(changes.map(changeTuple));
  }

  /** Records rows already checked and in column order (what the writer thread is sent). */
  recordTuples(rows: readonly ChangeTuple[]): void {
    if (rows.length > 0) this.recordAll(rows);
  }

  list(query: StatusChangeQuery): StatusChange[] {
    const limit = query.limit ?? STATUS_CHANGES_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > STATUS_CHANGES_MAX_LIMIT)
      throw refusal([
        {
          path: 'limit',
          message: `'${String(limit)}' is not a whole number from 1 to ${STATUS_CHANGES_MAX_LIMIT}`,
        },
      ]);
    checkTime(query.from, 'from');
    checkTime(query.to, 'to');
    if (query.after !== undefined) checkTime(query.after, 'after');
    if (query.services?.length === 0) return [];
    const conditions = ['at >= @from', 'at < @to'];
    // One parameter for any number of services: SQLite caps the parameters of a statement.
    if (query.services) conditions.push('service in (select value from json_each(@services))');
    if (query.after !== undefined) conditions.push('id > @after');
    const text = `select ${CHANGE_COLUMNS} from status_changes where ${conditions.join(' and ')}
      order by at, id limit @limit`;
    let statement = this.listQueries.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.listQueries.set(text, statement);
    }
    const rows = statement.all({
      from: query.from,
      to: query.to,
      limit,
      ...(query.services && { services: JSON.stringify(query.services) }),
      ...(query.after !== undefined && { after: query.after }),
    }) as StatusChangeRow[];
    return rows.map(changeRowToChange);
  }

  listState(from: number, to: number, services?: readonly string[]): StateChange[] {
    checkTime(from, 'from');
    checkTime(to, 'to');
    if (services?.length === 0) return [];
    const text = `select service, at, to_level, to_maintenance from status_changes
      where at >= ? and at < ?${services ? ' and service in (select value from json_each(?))' : ''}
      order by at, id limit ${STATE_CHANGES_MAX + 1}`;
    let statement = this.listQueries.get(text);
    if (!statement) {
      statement = this.db.prepare(text).raw();
      this.listQueries.set(text, statement);
    }
    const parameters: unknown[] = [from, to];
    if (services) parameters.push(JSON.stringify(services));
    const changes: StateChange[] = [];
    for (const row of statement.iterate(...parameters) as Iterable<
      [string, number, string, number]
    >)
      changes.push({
        service: row[0],
        at: row[1],
        level: row[2] as StatusLevel,
        maintenance: row[3] === 1,
      });
    if (changes.length > STATE_CHANGES_MAX) throw tooManyStateChanges(from, to);
    return changes;
  }

  stateAt(at: number, services?: readonly string[]): HistoricState[] {
    checkTime(at, 'at');
    if (services && services.length <= DIRECT_LOOKUP_MAX) return this.lookUp(at, services);
    return historicStates(this.chainAt(at), services);
  }

  /** The whole chain's state at `at`, stored; returns how many services it holds. */
  snapshot(at: number): { services: number } {
    checkTime(at, 'at');
    const states = this.chainAt(at);
    this.insertSnapshot.run(at, states.size, encodeSnapshot(states));
    return { services: states.size };
  }

  /** Before `before`, deletes every snapshot a newer one of the same UTC day follows. */
  prune(before: number): { deleted: number } {
    checkTime(before, 'before');
    const { changes } = this.pruneBefore.run({ before });
    return { deleted: changes };
  }

  /** Each service's latest change at or before `at`, on the (service, at) index. */
  private lookUp(at: number, services: readonly string[]): HistoricState[] {
    const states = new Map<string, CodedState>();
    for (const service of new Set(services)) {
      const row = this.latestOf.get(service, at) as
        | Pick<StatusChangeRow, 'at' | 'to_level' | 'to_maintenance' | 'to_acknowledged'>
        | undefined;
      if (!row) continue;
      const code = codeOf(row.to_level, row.to_maintenance, row.to_acknowledged);
      if (code !== 0) states.set(service, { code, since: row.at });
    }
    return historicStates(states);
  }

  /** The non-default states at `at`: the newest snapshot at or before it, then the changes since. */
  private chainAt(at: number): Map<string, CodedState> {
    const snapshot = this.newestSnapshot.get(at) as { at: number; states: string } | undefined;
    const states = snapshot ? decodeSnapshot(snapshot.states) : new Map<string, CodedState>();
    const start = snapshot ? snapshot.at : Number.MIN_SAFE_INTEGER;
    for (const row of this.changesBetween.iterate(start, at) as Iterable<
      [string, number, string, number, number]
    >) {
      const code = codeOf(row[2], row[3], row[4]);
      if (code === 0) states.delete(row[0]);
      else states.set(row[0], { code, since: row[1] });
    }
    return states;
  }
}

function codeOf(level: string, maintenance: number, acknowledged: number): number {
  return stateCode({
    level: level as StatusLevel,
    maintenance: maintenance === 1,
    acknowledged: acknowledged === 1,
  });
}
