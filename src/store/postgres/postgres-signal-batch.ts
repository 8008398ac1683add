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
 * without row locks, and the answers (new, duplicate or extended; head or not) are those of
 * recording the batches one after another in commit order, the order the engine is told them
 * in. The unique index on a signal's identity alone would keep a signal stored once, but not
 * those answers. Ingest never waits for a model change, which holds another lock.
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
  /** Its source and key (see `headKey`). */
  head: string;
  /** endsAt after every delivery of the batch, recorded one by one (null: open). */
  finalEnd: number | null;
  /** Whether it is the one its source and key end up decided by, among the batch's. */
  best: boolean;
  /** Whether other identities of its source and key are in the batch too. */
  shared: boolean;
}

/**
 * Map keys for an identity and for a source and key. NUL cannot occur inside the parts (a text
 * holding one fails the statement before any answer is worked out), so the keys are unambiguous,
 * and cheaper to build than JSON.
 */
const identity = (s: { source: string; key: string; startsAt: number; state: string }) =>
  `${s.source}\0${s.key}\0${s.startsAt}\0${s.state}`;
const headKey = (source: string, key: string) => `${source}\0${key}`;

/** The batch's distinct identities in first-delivery order, and each signal's position there. */
interface Batch {
  distinct: Distinct[];
  slot: Int32Array;
}

/**
 * Records a batch in one transaction of three round trips: `begin` with the lock, one statement
 * that reads and writes everything, `commit`. The statement reads the stored rows of the
 * batch's identities by index, inserts the others in batch order (so ids follow it, as on
 * SQLite), extends stored ends, and moves each key's head to the batch's best signal where that
 * beats the stored head. Those writes are what recording one by one ends with, whatever the
 * order; the answers, which depend on the order, are worked out here from what it read and what
 * it moved (every part of a statement sees the stored state as it was before it).
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

function distinctSignals(signals: readonly SignalRecord[]): Batch {
  const positions = new Map<string, number>();
  const bestOf = new Map<string, Distinct>();
  const distinct: Distinct[] = [];
  const slot = new Int32Array(signals.length);
  for (let i = 0; i < signals.length; i++) {
    const s = signals[i] as SignalRecord;
    const id = identity(s);
    const at = positions.get(id);
    if (at === undefined) {
      slot[i] = distinct.length;
      positions.set(id, distinct.length);
      const head = headKey(s.source, s.key);
      const entry: Distinct = { first: s, head, finalEnd: s.endsAt, best: false, shared: false };
      distinct.push(entry);
      const best = bestOf.get(head);
      if (best !== undefined) {
        best.shared = true;
        entry.shared = true;
      }
      if (best === undefined || beats(s, best.first)) bestOf.set(head, entry);
    } else {
      slot[i] = at;
      const entry = distinct[at] as Distinct;
      // A later delivery extends: an open end (null) wins, and stays.
      if (entry.finalEnd !== null && (s.endsAt === null || s.endsAt > entry.finalEnd))
        entry.finalEnd = s.endsAt;
    }
  }
  for (const entry of bestOf.values()) entry.best = true;
  return { distinct, slot };
}

/**
 * A row of the statement's answer, about the batch's distinct identity at position `n`: `new`
 * (inserted under `id`), `old` (stored before under `id`: its row), `head` (the stored head of
 * its key, `id` being the head's signal), `moved` (the head of a key moved to signal `id`).
 */
interface Row {
  kind: 'new' | 'old' | 'head' | 'moved';
  n: number | null;
  id: number;
  starts_at: number | null;
  state: string | null;
  ends_at: number | null;
  level: string | null;
  services: string | null;
  summary: string | null;
}

async function recordLocked(db: Db, signals: readonly SignalRecord[]): Promise<RecordedSignal[]> {
  const batch = distinctSignals(signals);
  const column = <T>(pick: (d: Distinct, n: number) => T) => batch.distinct.map(pick);
  // A key's stored head is read only where the answers need it: where the batch holds more
  // than one identity of the key, or one stored before. Otherwise the key's one identity is new,
  // and it is the head on arrival exactly when `moved` says the head moved to it.
  const { rows } = await sql<Row>`
    with v as materialized (
      select * from unnest(
        ${column((_, n) => n)}::int4[], ${column((d) => d.first.source)}::text[],
        ${column((d) => d.first.key)}::text[], ${column((d) => d.first.startsAt)}::int8[],
        ${column((d) => d.first.state)}::text[], ${column((d) => d.finalEnd)}::int8[],
        ${column((d) => d.first.level)}::text[],
        ${column((d) => JSON.stringify(d.first.labels))}::text[],
        ${column((d) => d.first.summary ?? null)}::text[],
        ${column((d) => d.first.url ?? null)}::text[],
        ${column((d) => JSON.stringify(d.first.services))}::text[],
        ${column((d) => d.first.unmatched ?? null)}::text[],
        ${column((d) => d.first.receivedAt)}::int8[], ${column((d) => d.best)}::bool[],
        ${column((d) => d.shared)}::bool[])
      as v(n, source, key, starts_at, state, ends_at, level, labels, summary, url, services,
        unmatched, received_at, best, shared)
    ),
    old as materialized (
      select v.n, s.id, s.ends_at, s.level, s.services, s.summary, v.ends_at as final_end
      from v cross join lateral (
        select * from signals s where s.source = v.source and s.key = v.key
          and s.starts_at = v.starts_at and s.state = v.state limit 1) s
    ),
    ins as (
      insert into signals (source, key, starts_at, state, ends_at, level, labels, summary, url,
        services, unmatched, received_at)
      select source, key, starts_at, state, ends_at, level, labels, summary, url, services,
        unmatched, received_at
      from v where not exists (select 1 from old o where o.n = v.n)
      order by n
      returning id, source, key, starts_at, state
    ),
    new as materialized (
      select v.n, i.id from ins i join v on v.source = i.source and v.key = i.key
        and v.starts_at = i.starts_at and v.state = i.state
    ),
    heads as materialized (
      select v.n, h.signal_id, h.starts_at, h.state from v cross join lateral (
        select * from signal_heads h where h.source = v.source and h.key = v.key limit 1) h
      where v.best and (v.shared or exists (select 1 from old o where o.n = v.n))
    ),
    moved as (
      insert into signal_heads (source, key, starts_at, state, signal_id)
      select v.source, v.key, v.starts_at, v.state, coalesce(i.id, o.id)
      from v left join new i on i.n = v.n left join old o on o.n = v.n
      where v.best and coalesce(i.id, o.id) is not null
      on conflict (source, key) do update
        set starts_at = excluded.starts_at, state = excluded.state, signal_id = excluded.signal_id
        where excluded.starts_at > signal_heads.starts_at
          or (excluded.starts_at = signal_heads.starts_at and excluded.state = 'resolved'
              and signal_heads.state = 'firing')
      returning signal_id
    ),
    extended as (
      update signals s set ends_at = o.final_end from old o
      where s.id = o.id and o.ends_at is not null
        and (o.final_end is null or o.final_end > o.ends_at)
    )
    select 'new' as kind, n, id, null::int8 as starts_at, null::text as state,
      null::int8 as ends_at, null::text as level, null::text as services, null::text as summary
      from new
    union all
    select 'old', n, id, null, null, ends_at, level, services, summary from old
    union all
    select 'head', n, signal_id, starts_at, state, null, null, null, null from heads
    union all
    select 'moved', null, signal_id, null, null, null, null, null, null from moved
  `.execute(db);
  return answers(signals, batch, rows);
}

/** What the statement said of a distinct identity, then where answering one by one stands. */
interface Said {
  /** The id it was inserted under, or is stored under. */
  id: number;
  /** Inserted by this batch, not yet answered. */
  fresh: boolean;
  /** As stored: before the batch, or once its first delivery is answered. */
  endsAt: number | null;
  level: string;
  services: string;
  summary: string | null;
}

/** What recording the signals one by one answers, from what the statement read and wrote. */
function answers(
  signals: readonly SignalRecord[],
  { distinct, slot }: Batch,
  rows: readonly Row[],
): RecordedSignal[] {
  const said: (Said | undefined)[] = new Array(distinct.length);
  const heads = new Map<string, Head & { signalId: number }>();
  /** Keys whose stored head was read (whether or not one was found): their heads count. */
  const read = new Set<string>();
  const moved = new Set<number>();
  for (const d of distinct) if (d.shared) read.add(d.head);
  for (const r of rows) {
    if (r.kind === 'moved') {
      moved.add(r.id);
      continue;
    }
    const d = distinct[r.n as number] as Distinct;
    if (r.kind === 'new') said[r.n as number] = newSaid(r.id, d.first);
    else if (r.kind === 'old') {
      said[r.n as number] = {
        id: r.id,
        fresh: false,
        endsAt: r.ends_at,
        level: r.level as string,
        services: r.services as string,
        summary: r.summary,
      };
      read.add(d.head);
    } else
      heads.set(d.head, {
        startsAt: r.starts_at as number,
        state: r.state as string,
        signalId: r.id,
      });
  }
  return signals.map((s, i): RecordedSignal => {
    const d = distinct[slot[i] as number] as Distinct;
    const stored = said[slot[i] as number];
    // Every writer of signals takes the lock, so each identity was either stored or inserted.
    if (stored === undefined)
      throw new Error(`signal ${JSON.stringify(identity(s))} was neither stored nor inserted`);
    if (stored.fresh) {
      stored.fresh = false;
      const head = read.has(d.head) ? beats(s, heads.get(d.head)) : moved.has(stored.id);
      if (head) heads.set(d.head, { startsAt: s.startsAt, state: s.state, signalId: stored.id });
      return { id: stored.id, outcome: 'new', head };
    }
    const later = stored.endsAt !== null && (s.endsAt === null || s.endsAt > stored.endsAt);
    const head = heads.get(d.head)?.signalId === stored.id;
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

/** A new identity as its first delivery leaves it stored. */
function newSaid(id: number, first: SignalRecord): Said {
  return {
    id,
    fresh: true,
    endsAt: first.endsAt,
    level: first.level,
    services: JSON.stringify(first.services),
    summary: first.summary ?? null,
  };
}
