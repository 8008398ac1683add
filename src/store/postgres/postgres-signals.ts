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
import { signalRowToSignal, signalTuple } from '../sqlite/sqlite-signals.js';
import { slices, unnestRows } from './postgres-unnest.js';

type Db = Kysely<Database>;

const SIGNAL_COLUMNS = [
  'source',
  'key',
  'starts_at',
  'state',
  'ends_at',
  'level',
  'labels',
  'summary',
  'url',
  'services',
  'unmatched',
  'received_at',
] as const;

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

/** What decides a source and key: the latest start; at the same start, resolved over firing. */
interface Head {
  startsAt: number;
  state: string;
  signalId: number;
}

const beats = (a: { startsAt: number; state: string }, b: Head | undefined) =>
  b === undefined ||
  a.startsAt > b.startsAt ||
  (a.startsAt === b.startsAt && a.state === 'resolved' && b.state === 'firing');

/** A stored signal as a redelivery sees it. */
interface Known {
  id: number;
  endsAt: number | null;
  level: string;
  services: string;
  summary: string | null;
}

const identity = (s: SignalRecord) => JSON.stringify([s.source, s.key, s.startsAt, s.state]);
const headKey = (source: string, key: string) => JSON.stringify([source, key]);

const ACTIVE = sql`from signal_heads h join signals s on s.id = h.signal_id
  where h.state = 'firing' and (s.ends_at is null or s.ends_at > `;

/**
 * Signals and overrides on PostgreSQL. A batch (a group commit) is one transaction of a few
 * set-wise statements whatever its size: insert the new ones (ON CONFLICT DO NOTHING finds
 * redeliveries), read and lock the redelivered rows and the heads of the batch's keys, work out
 * in memory what recording the signals one by one would give (the same answers as SQLite), then
 * write the moved heads and the extended ends.
 */
export class PostgresSignals {
  constructor(private readonly db: Db) {}

  record(signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
    if (signals.length === 0) return Promise.resolve([]);
    return this.db.transaction().execute((trx) => recordBatch(trx, signals));
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

async function recordBatch(trx: Db, signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
  // Each identity is inserted once, in batch order (so ids follow it, as on SQLite).
  const firsts = new Map<string, SignalRecord>();
  for (const s of signals) if (!firsts.has(identity(s))) firsts.set(identity(s), s);
  const inserted = await insertNew(trx, [...firsts.values()]);
  const known = await lockKnown(
    trx,
    [...firsts.values()].filter((s) => !inserted.has(identity(s))),
  );
  const heads = await lockHeads(trx, signals);
  const moved = new Set<string>();
  const extended = new Map<number, number | null>();
  const results = signals.map((s): RecordedSignal => {
    const id = identity(s);
    const hk = headKey(s.source, s.key);
    const newId = inserted.get(id);
    if (newId !== undefined && !known.has(id)) {
      known.set(id, {
        id: newId,
        endsAt: s.endsAt,
        level: s.level,
        services: JSON.stringify(s.services),
        summary: s.summary ?? null,
      });
      const head = beats(s, heads.get(hk));
      if (head) {
        heads.set(hk, { startsAt: s.startsAt, state: s.state, signalId: newId });
        moved.add(hk);
      }
      return { id: newId, outcome: 'new', head };
    }
    const stored = known.get(id) as Known;
    const later = stored.endsAt !== null && (s.endsAt === null || s.endsAt > stored.endsAt);
    const head = heads.get(hk)?.signalId === stored.id;
    if (!later) return { id: stored.id, outcome: 'duplicate', head };
    stored.endsAt = s.endsAt;
    extended.set(stored.id, s.endsAt);
    const kept = {
      level: stored.level as StatusLevel,
      services: JSON.parse(stored.services) as string[],
      ...(stored.summary !== null && { summary: stored.summary }),
    };
    return { id: stored.id, outcome: 'extended', head, stored: kept };
  });
  await writeHeads(
    trx,
    [...moved].map((hk) => {
      const [source, key] = JSON.parse(hk) as [string, string];
      const head = heads.get(hk) as Head;
      return { source, key, starts_at: head.startsAt, state: head.state, signal_id: head.signalId };
    }),
  );
  await writeEnds(trx, extended);
  return results;
}

/** Inserts the signals not stored yet; returns the new ids by identity. */
async function insertNew(trx: Db, signals: readonly SignalRecord[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const columns = sql.join(SIGNAL_COLUMNS.map((c) => sql.ref(c)));
  for (const slice of slices(signals)) {
    const rows = slice.map((s, n) => {
      const tuple = signalTuple(s);
      return { n, ...Object.fromEntries(SIGNAL_COLUMNS.map((c, i) => [c, tuple[i]])) };
    });
    const { rows: returned } = await sql<{
      id: number;
      source: string;
      key: string;
      starts_at: number;
      state: string;
    }>`
      insert into signals (${columns})
      select ${columns} from ${unnestRows('v', ['n', ...SIGNAL_COLUMNS], rows)} order by n
      on conflict (source, key, starts_at, state) do nothing
      returning id, source, key, starts_at, state`.execute(trx);
    for (const r of returned)
      ids.set(JSON.stringify([r.source, r.key, r.starts_at, r.state]), r.id);
  }
  return ids;
}

/** The stored rows of redelivered signals, locked until commit (their ends may move). */
async function lockKnown(trx: Db, signals: readonly SignalRecord[]): Promise<Map<string, Known>> {
  const known = new Map<string, Known>();
  for (const slice of slices(signals)) {
    const keys = slice.map((s) => ({
      source: s.source,
      key: s.key,
      starts_at: s.startsAt,
      state: s.state,
    }));
    const { rows } = await sql<{
      id: number;
      source: string;
      key: string;
      starts_at: number;
      state: string;
      ends_at: number | null;
      level: string;
      services: string;
      summary: string | null;
    }>`
      select s.id, s.source, s.key, s.starts_at, s.state, s.ends_at, s.level, s.services, s.summary
      from signals s join ${unnestRows('v', ['source', 'key', 'starts_at', 'state'], keys)}
        on s.source = v.source and s.key = v.key and s.starts_at = v.starts_at and s.state = v.state
      order by s.id for update of s`.execute(trx);
    for (const r of rows)
      known.set(JSON.stringify([r.source, r.key, r.starts_at, r.state]), {
        id: r.id,
        endsAt: r.ends_at,
        level: r.level,
        services: r.services,
        summary: r.summary,
      });
  }
  return known;
}

/** The current heads of the batch's keys, locked until commit. */
async function lockHeads(trx: Db, signals: readonly SignalRecord[]): Promise<Map<string, Head>> {
  const keys = new Map<string, { source: string; key: string }>();
  for (const s of signals) keys.set(headKey(s.source, s.key), { source: s.source, key: s.key });
  const heads = new Map<string, Head>();
  for (const slice of slices([...keys.values()])) {
    const { rows } = await sql<{
      source: string;
      key: string;
      starts_at: number;
      state: string;
      signal_id: number;
    }>`
      select h.source, h.key, h.starts_at, h.state, h.signal_id
      from signal_heads h join ${unnestRows('v', ['source', 'key'], slice)}
        on h.source = v.source and h.key = v.key
      order by h.source collate "C", h.key collate "C" for update of h`.execute(trx);
    for (const r of rows)
      heads.set(headKey(r.source, r.key), {
        startsAt: r.starts_at,
        state: r.state,
        signalId: r.signal_id,
      });
  }
  return heads;
}

async function writeHeads(trx: Db, rows: readonly Record<string, unknown>[]): Promise<void> {
  const columns = ['source', 'key', 'starts_at', 'state', 'signal_id'];
  for (const slice of slices(rows)) {
    // The same condition as SQLite's: a head another transaction moved meanwhile stays if later.
    await sql`
      insert into signal_heads (source, key, starts_at, state, signal_id)
      select * from ${unnestRows('v', columns, slice)}
      on conflict (source, key) do update
        set starts_at = excluded.starts_at, state = excluded.state, signal_id = excluded.signal_id
        where excluded.starts_at > signal_heads.starts_at
          or (excluded.starts_at = signal_heads.starts_at and excluded.state = 'resolved'
              and signal_heads.state = 'firing')`.execute(trx);
  }
}

async function writeEnds(trx: Db, ends: ReadonlyMap<number, number | null>): Promise<void> {
  const rows = [...ends].map(([signal_id, ends_at]) => ({ signal_id, ends_at }));
  for (const slice of slices(rows))
    await sql`update signals s set ends_at = v.ends_at
      from ${unnestRows('v', ['signal_id', 'ends_at'], slice)} where s.id = v.signal_id`.execute(
      trx,
    );
}
