import { type Kysely, sql } from 'kysely';
import type { StatusLevel } from '../../model/levels.js';
import type { Database } from '../rows.js';
import type { RecordedSignal, SignalRecord } from '../signal-store.js';
import { LOCKS } from './postgres-locks.js';

type Db = Kysely<Database>;

/**
 * Signal batches are serialised like SQLite's single writer, by a transaction lock of their own
 * (keyed by the schema as the others in postgres-locks.ts): with it held no other batch inserts
 * or moves anything, so one statement can read the stored state and write the batch's outcome
 * without row locks. Ingest never waits for a model change, which holds another lock.
 */
const SIGNALS_LOCK = LOCKS.signals;

/** What decides a source and key: the latest start; at the same start, resolved over firing. */
interface Head {
  startsAt: number;
  state: string;
}

const beats = (a: Head, b: Head | undefined) =>
  b === undefined ||
  a.startsAt > b.startsAt ||
  (a.startsAt === b.startsAt && a.state === 'resolved' && b.state === 'firing');

/** A signal identity in the batch: its first delivery and where its end lands after all. */
interface Distinct {
  first: SignalRecord;
  /** endsAt after every delivery of the batch, recorded one by one (null: open). */
  finalEnd: number | null;
  /** Whether it is the one its source and key end up decided by, among the batch's. */
  best: boolean;
}

/** A stored signal as a redelivery sees it. */
interface Known {
  id: number;
  endsAt: number | null;
  level: string;
  services: string;
  summary: string | null;
}

const identity = (s: { source: string; key: string; startsAt: number; state: string }) =>
  JSON.stringify([s.source, s.key, s.startsAt, s.state]);
const headKey = (source: string, key: string) => JSON.stringify([source, key]);

/**
 * Records a batch in one transaction of three round trips: `begin` with the lock, one statement
 * that reads and writes everything, `commit`. The statement reads the stored rows of the batch's
 * identities and the heads of its keys as they were before it (every part of a statement sees
 * the same snapshot), inserts the new identities in batch order (so ids follow it, as on
 * SQLite), extends stored ends, and moves each key's head to the batch's best signal where that
 * beats the stored head. Those writes are what recording one by one ends with, whatever the
 * order; the answers, which depend on the order, are worked out here from what it read.
 */
export function recordSignalBatch(
  db: Db,
  signals: readonly SignalRecord[],
): Promise<RecordedSignal[]> {
  return db.connection().execute(async (conn) => {
    await sql
      .raw(`begin; select pg_advisory_xact_lock(hashtext(current_schema()), ${SIGNALS_LOCK})`)
      .execute(conn);
    try {
      const results = await recordLocked(conn, signals);
      await sql`commit`.execute(conn);
      return results;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

/** The batch's distinct identities in first-delivery order, with their final ends and bests. */
function distinctSignals(signals: readonly SignalRecord[]): Map<string, Distinct> {
  const distinct = new Map<string, Distinct>();
  const bestOf = new Map<string, Distinct>();
  for (const s of signals) {
    const id = identity(s);
    let entry = distinct.get(id);
    if (entry === undefined) {
      entry = { first: s, finalEnd: s.endsAt, best: false };
      distinct.set(id, entry);
      const hk = headKey(s.source, s.key);
      const best = bestOf.get(hk);
      if (best === undefined || beats(s, best.first)) bestOf.set(hk, entry);
    } else if (entry.finalEnd !== null && (s.endsAt === null || s.endsAt > entry.finalEnd)) {
      // A later delivery extends: an open end (null) wins, and stays.
      entry.finalEnd = s.endsAt;
    }
  }
  for (const entry of bestOf.values()) entry.best = true;
  return distinct;
}

interface Row {
  kind: 'new' | 'old' | 'head';
  id: number;
  source: string;
  key: string;
  starts_at: number;
  state: string;
  ends_at: number | null;
  level: string | null;
  services: string | null;
  summary: string | null;
}

async function recordLocked(db: Db, signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
  const distinct = [...distinctSignals(signals).values()];
  const column = <T>(pick: (d: Distinct) => T) => distinct.map(pick);
  const { rows } = await sql<Row>`
    with v as materialized (
      select * from unnest(
        ${distinct.map((_, n) => n)}::int4[], ${column((d) => d.first.source)}::text[],
        ${column((d) => d.first.key)}::text[], ${column((d) => d.first.startsAt)}::int8[],
        ${column((d) => d.first.state)}::text[], ${column((d) => d.finalEnd)}::int8[],
        ${column((d) => d.first.level)}::text[],
        ${column((d) => JSON.stringify(d.first.labels))}::text[],
        ${column((d) => d.first.summary ?? null)}::text[],
        ${column((d) => d.first.url ?? null)}::text[],
        ${column((d) => JSON.stringify(d.first.services))}::text[],
        ${column((d) => d.first.unmatched ?? null)}::text[],
        ${column((d) => d.first.receivedAt)}::int8[], ${column((d) => d.best)}::bool[])
      as v(n, source, key, starts_at, state, ends_at, level, labels, summary, url, services,
        unmatched, received_at, best)
    ),
    old as materialized (
      select s.id, s.source, s.key, s.starts_at, s.state, s.ends_at, s.level, s.services,
        s.summary, v.ends_at as final_end
      from v cross join lateral (
        select * from signals s where s.source = v.source and s.key = v.key
          and s.starts_at = v.starts_at and s.state = v.state limit 1) s
    ),
    ins as (
      insert into signals (source, key, starts_at, state, ends_at, level, labels, summary, url,
        services, unmatched, received_at)
      select source, key, starts_at, state, ends_at, level, labels, summary, url, services,
        unmatched, received_at
      from v where not exists (select 1 from old o where o.source = v.source and o.key = v.key
        and o.starts_at = v.starts_at and o.state = v.state)
      order by n
      returning id, source, key, starts_at, state
    ),
    heads as materialized (
      select h.signal_id, h.source, h.key, h.starts_at, h.state from v cross join lateral (
        select * from signal_heads h where h.source = v.source and h.key = v.key limit 1) h
      where v.best
    ),
    moved as (
      insert into signal_heads (source, key, starts_at, state, signal_id)
      select v.source, v.key, v.starts_at, v.state, coalesce(i.id, o.id)
      from v left join ins i on i.source = v.source and i.key = v.key
          and i.starts_at = v.starts_at and i.state = v.state
        left join old o on o.source = v.source and o.key = v.key
          and o.starts_at = v.starts_at and o.state = v.state
      where v.best and coalesce(i.id, o.id) is not null
      on conflict (source, key) do update
        set starts_at = excluded.starts_at, state = excluded.state, signal_id = excluded.signal_id
        where excluded.starts_at > signal_heads.starts_at
          or (excluded.starts_at = signal_heads.starts_at and excluded.state = 'resolved'
              and signal_heads.state = 'firing')
    ),
    extended as (
      update signals s set ends_at = o.final_end from old o
      where s.id = o.id and o.ends_at is not null
        and (o.final_end is null or o.final_end > o.ends_at)
    )
    select 'new' as kind, id, source, key, starts_at, state, null::int8 as ends_at,
      null::text as level, null::text as services, null::text as summary from ins
    union all
    select 'old', id, source, key, starts_at, state, ends_at, level, services, summary from old
    union all
    select 'head', signal_id, source, key, starts_at, state, null, null, null, null from heads
  `.execute(db);
  return answers(signals, rows);
}

/**
 * What recording the signals one by one answers, from the identities the statement inserted
 * and the stored rows and heads it read (all as they were before it).
 */
function answers(signals: readonly SignalRecord[], rows: readonly Row[]): RecordedSignal[] {
  const inserted = new Map<string, number>();
  const known = new Map<string, Known>();
  const heads = new Map<string, Head & { signalId: number }>();
  for (const r of rows) {
    if (r.kind === 'new') inserted.set(identity({ ...r, startsAt: r.starts_at }), r.id);
    else if (r.kind === 'old')
      known.set(identity({ ...r, startsAt: r.starts_at }), {
        id: r.id,
        endsAt: r.ends_at,
        level: r.level as string,
        services: r.services as string,
        summary: r.summary,
      });
    else
      heads.set(headKey(r.source, r.key), {
        startsAt: r.starts_at,
        state: r.state,
        signalId: r.id,
      });
  }
  return signals.map((s): RecordedSignal => {
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
      if (head) heads.set(hk, { startsAt: s.startsAt, state: s.state, signalId: newId });
      return { id: newId, outcome: 'new', head };
    }
    const stored = known.get(id);
    // Every writer of signals takes the lock, so each identity was either stored or inserted.
    if (stored === undefined)
      throw new Error(`signal ${id} was neither stored nor inserted: written without the lock`);
    const later = stored.endsAt !== null && (s.endsAt === null || s.endsAt > stored.endsAt);
    const head = heads.get(hk)?.signalId === stored.id;
    if (!later) return { id: stored.id, outcome: 'duplicate', head };
    stored.endsAt = s.endsAt;
    const kept = {
      level: stored.level as StatusLevel,
      services: JSON.parse(stored.services) as string[],
      ...(stored.summary !== null && { summary: stored.summary }),
    };
    return { id: stored.id, outcome: 'extended', head, stored: kept };
  });
}
