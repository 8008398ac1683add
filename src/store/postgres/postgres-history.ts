import { type Kysely, sql } from 'kysely';
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
import type { Database } from '../rows.js';
import { slices, unnestRows } from './postgres-unnest.js';

type Db = Kysely<Database>;

/** A `status_changes` row as pg returns it (flags are booleans on PostgreSQL). */
interface StatusChangeRow {
  id: number;
  service: string;
  at: number;
  from_level: string;
  from_maintenance: boolean;
  from_acknowledged: boolean;
  to_level: string;
  to_maintenance: boolean;
  to_acknowledged: boolean;
  cause: string;
}

function changeRowToChange(row: StatusChangeRow): StatusChange {
  return {
    id: row.id,
    service: row.service,
    at: row.at,
    from: {
      level: row.from_level as StatusLevel,
      maintenance: row.from_maintenance,
      acknowledged: row.from_acknowledged,
    },
    to: {
      level: row.to_level as StatusLevel,
      maintenance: row.to_maintenance,
      acknowledged: row.to_acknowledged,
    },
    cause: row.cause,
  };
}

/** As on SQLite: up to this many services, stateAt looks each up on the (service, at) index. */
const DIRECT_LOOKUP_MAX = 1000;

const CHANGE_COLUMNS = [
  'service',
  'at',
  'from_level',
  'from_maintenance',
  'from_acknowledged',
  'to_level',
  'to_maintenance',
  'to_acknowledged',
  'cause',
];
const CHANGE_TYPES = {
  at: 'int8',
  from_maintenance: 'bool',
  from_acknowledged: 'bool',
  to_maintenance: 'bool',
  to_acknowledged: 'bool',
};

/**
 * The status history on PostgreSQL, with the same shape as SQLite's (sqlite-history.ts): the
 * state at a moment is the newest snapshot at or before it plus the changes since.
 */
export class PostgresHistory {
  constructor(private readonly db: Db) {}

  async record(changes: readonly NewStatusChange[]): Promise<void> {
    checkChanges(changes);
    if (changes.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      let earliest = Number.POSITIVE_INFINITY;
      for (const slice of slices(changes)) {
        const rows = slice.map((c, n) => {
          if (c.at < earliest) earliest = c.at;
          return {
            n,
            service: c.service,
            at: c.at,
            from_level: c.from.level,
            from_maintenance: c.from.maintenance,
            from_acknowledged: c.from.acknowledged,
            to_level: c.to.level,
            to_maintenance: c.to.maintenance,
            to_acknowledged: c.to.acknowledged,
            cause: c.cause,
          };
        });
        const columns = sql.join(CHANGE_COLUMNS.map((c) => sql.ref(c)));
        // Ordered by position, so ids follow the order given.
        await sql`insert into status_changes (${columns})
          select ${columns} from ${unnestRows('v', ['n', ...CHANGE_COLUMNS], rows, CHANGE_TYPES)}
          order by n`.execute(trx);
      }
      // A snapshot taken at or after a change it does not include would now be wrong.
      await sql`delete from status_snapshots where at >= ${earliest}`.execute(trx);
    });
  }

  async list(query: StatusChangeQuery): Promise<StatusChange[]> {
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
    const conditions = [sql`at >= ${query.from}`, sql`at < ${query.to}`];
    // One array parameter for any number of services.
    if (query.services) conditions.push(sql`service = any(${[...query.services]}::text[])`);
    if (query.after !== undefined) conditions.push(sql`id > ${query.after}`);
    const { rows } = await sql<StatusChangeRow>`
      select * from status_changes where ${sql.join(conditions, sql` and `)}
      order by at, id limit ${limit}`.execute(this.db);
    return rows.map(changeRowToChange);
  }

  async listState(from: number, to: number, services?: readonly string[]): Promise<StateChange[]> {
    checkTime(from, 'from');
    checkTime(to, 'to');
    if (services?.length === 0) return [];
    const conditions = [sql`at >= ${from}`, sql`at < ${to}`];
    if (services) conditions.push(sql`service = any(${[...services]}::text[])`);
    const { rows } = await sql<{
      service: string;
      at: number;
      to_level: StatusLevel;
      to_maintenance: boolean;
    }>`select service, at, to_level, to_maintenance from status_changes
      where ${sql.join(conditions, sql` and `)}
      order by at, id limit ${STATE_CHANGES_MAX + 1}`.execute(this.db);
    if (rows.length > STATE_CHANGES_MAX) throw tooManyStateChanges(from, to);
    return rows.map((r) => ({
      service: r.service,
      at: r.at,
      level: r.to_level,
      maintenance: r.to_maintenance,
    }));
  }

  async stateAt(at: number, services?: readonly string[]): Promise<HistoricState[]> {
    checkTime(at, 'at');
    if (services && services.length <= DIRECT_LOOKUP_MAX) return this.lookUp(at, services);
    return historicStates(await this.chainAt(this.db, at), services);
  }

  /** The whole chain's state at `at`, stored; returns how many services it holds. */
  async snapshot(at: number): Promise<{ services: number }> {
    checkTime(at, 'at');
    // One snapshot of the database for the read, then the insert.
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const states = await this.chainAt(trx, at);
        await sql`insert into status_snapshots (at, services, states)
          values (${at}, ${states.size}, ${encodeSnapshot(states)})`.execute(trx);
        return { services: states.size };
      });
  }

  /** Before `before`, deletes every snapshot a newer one of the same UTC day follows. */
  async prune(before: number): Promise<{ deleted: number }> {
    checkTime(before, 'before');
    // `at` is a bigint: the division is an integer one, as on SQLite.
    const result = await sql`delete from status_snapshots where at < ${before} and exists (
        select 1 from status_snapshots t
        where t.at < ${before} and t.at < (status_snapshots.at / ${sql.lit(SNAPSHOT_DAY_MS)} + 1) * ${sql.lit(SNAPSHOT_DAY_MS)}
          and (t.at > status_snapshots.at
            or (t.at = status_snapshots.at and t.id > status_snapshots.id)))`.execute(this.db);
    return { deleted: Number(result.numAffectedRows ?? 0) };
  }

  /** Each service's latest change at or before `at`: one index probe a service, in one query. */
  private async lookUp(at: number, services: readonly string[]): Promise<HistoricState[]> {
    if (services.length === 0) return [];
    const { rows } = await sql<{
      service: string;
      at: number;
      to_level: string;
      to_maintenance: boolean;
      to_acknowledged: boolean;
    }>`
      select v.service, c.at, c.to_level, c.to_maintenance, c.to_acknowledged
      from unnest(${[...new Set(services)]}::text[]) as v(service)
      cross join lateral (
        select at, to_level, to_maintenance, to_acknowledged from status_changes
        where service = v.service and at <= ${at} order by at desc, id desc limit 1
      ) c`.execute(this.db);
    const states = new Map<string, CodedState>();
    for (const row of rows) {
      const code = codeOf(row.to_level, row.to_maintenance, row.to_acknowledged);
      if (code !== 0) states.set(row.service, { code, since: row.at });
    }
    return historicStates(states);
  }

  /** The non-default states at `at`: the newest snapshot at or before it, then the changes since. */
  private async chainAt(db: Db, at: number): Promise<Map<string, CodedState>> {
    const { rows: snapshots } = await sql<{ at: number; states: string }>`
      select at, states from status_snapshots where at <= ${at}
      order by at desc, id desc limit 1`.execute(db);
    const snapshot = snapshots[0];
    const states = snapshot ? decodeSnapshot(snapshot.states) : new Map<string, CodedState>();
    const start = snapshot ? snapshot.at : Number.MIN_SAFE_INTEGER;
    const { rows } = await sql<{
      service: string;
      at: number;
      to_level: string;
      to_maintenance: boolean;
      to_acknowledged: boolean;
    }>`
      select service, at, to_level, to_maintenance, to_acknowledged from status_changes
      where at > ${start} and at <= ${at} order by at, id`.execute(db);
    for (const row of rows) {
      const code = codeOf(row.to_level, row.to_maintenance, row.to_acknowledged);
      if (code === 0) states.delete(row.service);
      else states.set(row.service, { code, since: row.at });
    }
    return states;
  }
}

function codeOf(level: string, maintenance: boolean, acknowledged: boolean): number {
  return stateCode({ level: level as StatusLevel, maintenance, acknowledged });
}
