import { type Kysely, sql } from 'kysely';
import type { SignalMatcher } from '../../model/entities.js';
import { InputError } from '../../model/errors.js';
import type { StatusLevel } from '../../model/levels.js';
import type { Database } from '../rows.js';
import type {
  NewOverride,
  OverrideRecord,
  RecordedSignal,
  SignalRecord,
  StoredSignal,
  UnmatchedQuery,
} from '../signal-store.js';
import { signalRowToSignal } from '../sqlite/sqlite-signals.js';
import { recordSignalBatch } from './postgres-signal-batch.js';
import { slices, unnestRows } from './postgres-unnest.js';

type Db = Kysely<Database>;

interface OverrideRow {
  id: number;
  service: string;
  level: string;
  author: string;
  reason: string;
  created_at: number;
  expires_at: number | null;
  cleared_at: number | null;
  cleared_by: string | null;
}

function overrideRowToOverride(row: OverrideRow): OverrideRecord {
  return {
    id: row.id,
    service: row.service,
    level: row.level as StatusLevel,
    author: row.author,
    reason: row.reason,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    clearedAt: row.cleared_at,
    clearedBy: row.cleared_by,
  };
}

const ACTIVE = sql`from signal_heads h join signals s on s.id = h.signal_id
  where h.state = 'firing' and (s.ends_at is null or s.ends_at > `;

/**
 * Signals and overrides on PostgreSQL. A batch (a group commit) is one transaction of one
 * set-wise statement whatever its size, under the signals lock (postgres-signal-batch.ts),
 * answering as recording the signals one by one would (the same answers as SQLite).
 */
export class PostgresSignals {
  constructor(private readonly db: Db) {}

  record(signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
    if (signals.length === 0) return Promise.resolve([]);
    return recordSignalBatch(this.db, signals);
  }

  async listActive(now: number): Promise<StoredSignal[]> {
    const { rows } = await sql<never>`select s.* ${ACTIVE}${now}) order by s.id`.execute(this.db);
    return rows.map(signalRowToSignal);
  }

  async listUnmatched(query: UnmatchedQuery): Promise<StoredSignal[]> {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new InputError(`limit: ${limit} is not a whole number from 1 to 1000`);
    const before = query.before ?? Number.MAX_SAFE_INTEGER;
    const select = query.all
      ? sql<never>`select * from signals s where s.unmatched is not null and s.id < ${before}
          order by s.id desc limit ${limit}`
      : sql<never>`select s.* ${ACTIVE}${query.now}) and s.unmatched is not null
          and s.id < ${before} order by s.id desc limit ${limit}`;
    const { rows } = await select.execute(this.db);
    return rows.map(signalRowToSignal);
  }

  async remap(changes: readonly { id: number; services: string[]; unmatched?: string }[]) {
    await this.db.transaction().execute(async (trx) => {
      for (const slice of slices(changes)) {
        const rows = slice.map((c) => ({
          signal_id: c.id,
          services: JSON.stringify(c.services),
          unmatched: c.unmatched ?? null,
        }));
        await sql`update signals s set services = v.services, unmatched = v.unmatched
          from ${unnestRows('v', ['signal_id', 'services', 'unmatched'], rows)}
          where s.id = v.signal_id`.execute(trx);
      }
    });
  }

  setOverride(override: NewOverride): Promise<OverrideRecord> {
    return this.db.transaction().execute(async (trx) => {
      // Locks the open override's row, so two setters one after the other each clear one.
      await sql`update overrides set cleared_at = ${override.createdAt},
          cleared_by = ${override.author}
        where service = ${override.service} and cleared_at is null`.execute(trx);
      const { rows } = await sql<OverrideRow>`
        insert into overrides (service, level, author, reason, created_at, expires_at)
        values (${override.service}, ${override.level}, ${override.author}, ${override.reason},
          ${override.createdAt}, ${override.expiresAt})
        returning *`.execute(trx);
      return overrideRowToOverride(rows[0] as OverrideRow);
    });
  }

  async clearOverride(service: string, by: string, at: number) {
    const { rows } = await sql<OverrideRow>`
      update overrides set cleared_at = ${at}, cleared_by = ${by}
      where service = ${service} and cleared_at is null
        and (expires_at is null or expires_at > ${at})
      returning *`.execute(this.db);
    const row = rows[0];
    return row && overrideRowToOverride(row);
  }

  async listActiveOverrides(now: number): Promise<OverrideRecord[]> {
    // `service` has the database's collation (0003 did not give it "C"): order bytewise here.
    const { rows } = await sql<OverrideRow>`
      select * from overrides where cleared_at is null and (expires_at is null or expires_at > ${now})
      order by service collate "C", id`.execute(this.db);
    return rows.map(overrideRowToOverride);
  }

  async listSignalMatchers(): Promise<{ service: string; signals: SignalMatcher[] }[]> {
    // `json`, not `jsonb`: it keeps the matchers' text as written (jsonb would reorder keys).
    const { rows } = await sql<{ id: string; signals: string }>`
      select id, (body::json -> 'signals')::text as signals from services
      where json_array_length(body::json -> 'signals') > 0 order by id`.execute(this.db);
    return rows.map((row) => ({
      service: row.id,
      signals: JSON.parse(row.signals) as SignalMatcher[],
    }));
  }
}
