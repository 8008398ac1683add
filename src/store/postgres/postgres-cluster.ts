import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ClusterLink, ClusterNotice, ClusterTopic, StoredLiveEvent } from '../cluster-link.js';
import { checkSchemaName, createPool } from './postgres-connection.js';

/** One channel for every schema of a database; a notice names its schema first. */
const CHANNEL = 'servicechain';

/**
 * The leader's lock: a session-level advisory lock, keyed by the schema as the store's
 * transaction locks are (postgres-locks.ts), on a key none of those use.
 */
const LEADER_LOCK = 100;

/** How long the lock's connection may take to answer before leadership counts as lost. */
const CHECK_TIMEOUT_MS = 2000;

/** Room for events in one notice (PostgreSQL's limit is 8000 bytes a payload, with the prefix). */
const NOTICE_BYTES = 7600;

/**
 * Notices one publication may take at most (about 250 status events); beyond, readers read the
 * events from the table. A small publication is where carrying the events saves the most lag;
 * a large one (a burst of ingest) is cheaper to read back in bulk than to pass through
 * PostgreSQL's notification queue in pieces and parse twice.
 */
const MAX_EVENT_NOTICES = 8;

const TOPICS: ReadonlySet<string> = new Set<ClusterTopic>(['inputs', 'model', 'events']);

export interface PostgresClusterOptions {
  url: string;
  schema?: string;
}

/**
 * The cluster link on PostgreSQL. One dedicated connection holds the leader's lock and LISTENs;
 * when it goes (the server restarted it, the network cut it, this process died) PostgreSQL lets
 * the lock go with it, and this side stops leading at once. A small pool of its own stores and
 * reads the live events, so a store pool busy with ingest never delays them.
 */
export function openPostgresClusterLink(options: PostgresClusterOptions): ClusterLink {
  const schema = options.schema ?? 'public';
  checkSchemaName(schema);
  return new PostgresClusterLink(options.url, schema);
}

class PostgresClusterLink implements ClusterLink {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private leading = false;
  private closed = false;
  private readonly lostListeners: (() => void)[] = [];
  private readonly noticeListeners: ((notice: ClusterNotice) => void)[] = [];
  private readonly pool: pg.Pool;
  /** Names this instance in its notices, so it can tell its own from the others'. */
  private readonly sender = randomBytes(6).toString('hex');

  constructor(
    private readonly url: string,
    private readonly schema: string,
  ) {
    this.pool = createPool({ url, schema, max: 2 });
    // An idle pooled connection that dies is replaced on next use; without a listener the
    // error would end the process.
    this.pool.on('error', () => undefined);
  }

  async lead(): Promise<boolean> {
    if (this.closed) return false;
    let client: pg.Client;
    try {
      client = await this.connection();
    } catch {
      return false;
    }
    try {
      if (this.leading) {
        await withTimeout(client.query('select 1'), CHECK_TIMEOUT_MS);
        return this.leading;
      }
      const { rows } = await withTimeout(
        client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1), $2) as ok', [
          this.schema,
          LEADER_LOCK,
        ]),
        CHECK_TIMEOUT_MS,
      );
      this.leading = rows[0]?.ok === true && this.client === client;
      return this.leading;
    } catch {
      this.drop(client);
      return false;
    }
  }

  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  async notify(notice: ClusterNotice): Promise<void> {
    await this.pool.query('select pg_notify($1, $2)', [CHANNEL, this.payload(notice)]);
  }

  onNotice(listener: (notice: ClusterNotice) => void): void {
    this.noticeListeners.push(listener);
  }

  async newestLiveEventId(): Promise<number> {
    const { rows } = await this.pool.query<{ id: number | null }>(
      'select max(id) as id from live_events',
    );
    return rows[0]?.id ?? 0;
  }

  async publishLiveEvents(events: readonly StoredLiveEvent[]): Promise<void> {
    if (events.length === 0) return;
    // One statement, so one round trip: the insert and the notices commit together, and the
    // notices go out only then, in order, so a reader that hears one finds the rows.
    await this.pool.query(
      `with stored as (
         insert into live_events (id, created_at, body)
         select * from unnest($1::bigint[], $2::bigint[], $3::text[])
         returning id
       )
       select pg_notify($4, notice) from (select count(*) from stored) as done,
         unnest($5::text[]) with ordinality as n(notice, i)`,
      [
        events.map((e) => e.id),
        events.map((e) => e.createdAt),
        events.map((e) => e.body),
        CHANNEL,
        this.eventNotices(events),
      ],
    );
  }

  async liveEventsAfter(after: number, limit: number): Promise<StoredLiveEvent[]> {
    const { rows } = await this.pool.query<{ id: number; created_at: number; body: string }>(
      'select id, created_at, body from live_events where id > $1 order by id limit $2',
      [after, limit],
    );
    return rows.map((row) => ({ id: row.id, createdAt: row.created_at, body: row.body }));
  }

  async pruneLiveEvents(keep: number): Promise<void> {
    await this.pool.query(
      'delete from live_events where id <= (select max(id) from live_events) - $1',
      [keep],
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    this.leading = false;
    await client?.end().catch(() => undefined);
    await this.pool.end();
  }

  private payload(notice: ClusterNotice): string {
    return `${this.schema} ${notice.topic} ${this.sender} ${notice.detail}`;
  }

  /**
   * The notices of a publication: the events themselves in as few notices as hold them, so
   * followers take them in without a read (the read was half of their lag); one notice naming
   * the newest id when they would take too many.
   */
  private eventNotices(events: readonly StoredLiveEvent[]): string[] {
    const newest = (events.at(-1) as StoredLiveEvent).id;
    const plain = [this.payload({ topic: 'events', detail: String(newest) })];
    const notices: string[] = [];
    let part: [number, number, string][] = [];
    let bytes = 0;
    const close = () => {
      const last = (part.at(-1) as [number, number, string])[0];
      notices.push(this.payload({ topic: 'events', detail: `${last} ${JSON.stringify(part)}` }));
      part = [];
      bytes = 0;
    };
    for (const event of events) {
      const entry: [number, number, string] = [event.id, event.createdAt, event.body];
      const size = Buffer.byteLength(JSON.stringify(entry)) + 1;
      if (size > NOTICE_BYTES) return plain;
      if (bytes + size > NOTICE_BYTES) {
        close();
        if (notices.length >= MAX_EVENT_NOTICES) return plain;
      }
      part.push(entry);
      bytes += size;
    }
    close();
    return notices;
  }

  /** The lock's connection, opened (and LISTENing) when there is none. */
  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client.on('notification', (message) => this.heard(message.channel, message.payload));
    try {
      await withTimeout(client.connect(), CHECK_TIMEOUT_MS);
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new Error('the cluster link is closed');
    }
    this.client = client;
    return client;
  }

  /** The connection is gone or unusable: so is the lock, and leadership with it. */
  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (!this.leading) return;
    this.leading = false;
    for (const listener of this.lostListeners) listener();
  }

  private heard(channel: string, payload: string | undefined): void {
    if (channel !== CHANNEL || payload === undefined) return;
    const [schema, topic, sender, detail = '', events] = splitNotice(payload);
    if (schema !== this.schema || topic === undefined || !TOPICS.has(topic)) return;
    const fromSelf = sender === this.sender;
    const notice: ClusterNotice = { topic: topic as ClusterTopic, detail, fromSelf };
    if (topic === 'events' && events !== undefined) {
      const carried = carriedEvents(events);
      if (carried) notice.events = carried;
    }
    for (const listener of this.noticeListeners) listener(notice);
  }
}

/** schema, topic, sender, detail and the rest (an events notice's events): split at the first four spaces. */
function splitNotice(payload: string): (string | undefined)[] {
  const parts: (string | undefined)[] = [];
  let from = 0;
  for (let i = 0; i < 4; i++) {
    const space = payload.indexOf(' ', from);
    if (space < 0) {
      parts.push(payload.slice(from));
      return parts;
    }
    parts.push(payload.slice(from, space));
    from = space + 1;
  }
  parts.push(payload.slice(from));
  return parts;
}

/** The events a notice carries; undefined when they are not what the leader sends. */
function carriedEvents(text: string): StoredLiveEvent[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const events: StoredLiveEvent[] = [];
  for (const entry of value) {
    if (!Array.isArray(entry)) return undefined;
    const [id, createdAt, body] = entry as unknown[];
    if (typeof id !== 'number' || typeof createdAt !== 'number' || typeof body !== 'string')
      return undefined;
    events.push({ id, createdAt, body });
  }
  return events;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
