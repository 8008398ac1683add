import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { openPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import type { SignalRecord } from '../../../src/store/signal-store.js';
import { signalTuple } from '../../../src/store/sqlite/sqlite-signals.js';
import type { Store } from '../../../src/store/store.js';
import type { Progress } from '../../lib/progress.js';
import { type Summary, summarize } from '../../lib/stats.js';
import { openMigratedStore, type Scratch } from './database.js';
import { signalBatches } from './signal-batches.js';

/** Who records the batches. */
export type SignalContender = 'SQLite store' | 'PostgreSQL store' | 'PostgreSQL plain INSERT';

/** One contender at one batch size: batches recorded one after another, as group commit does. */
export interface SignalRun {
  contender: SignalContender;
  batchSize: number;
  signals: number;
  seconds: number;
  signalsPerSecond: number;
  /** Time per batch (one transaction each). */
  batch: Summary;
  /** CPU time of this process per 1000 signals (ms): the store's code, pg's driver. */
  clientCpuPer1000: number;
  /**
   * CPU time of the PostgreSQL backends serving the run per 1000 signals (ms), from /proc when
   * the server runs on this machine; undefined otherwise. Less moved by other work than wall time.
   */
  serverCpuPer1000?: number;
}

export interface SignalsResult {
  runs: SignalRun[];
  notes: string[];
}

const WARM_UP_BATCHES = 5;

/** A schema name no other run uses. */
let schemas = 0;
function freshSchema(): string {
  return `bench_signals_${process.pid}_${Date.now() % 1_000_000}_${++schemas}`;
}

const COLUMNS =
  'source, key, starts_at, state, ends_at, level, labels, summary, url, services, unmatched, received_at';
const TYPES = [
  'text',
  'text',
  'int8',
  'text',
  'int8',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int8',
];

/**
 * The least PostgreSQL can do with a batch: one INSERT of its rows (one array parameter per
 * column) into the same table and indexes, committed on its own (synchronous_commit as the
 * server has it), with no conflict handling, no heads and no answers.
 */
function plainInsert(client: pg.Client): (batch: readonly SignalRecord[]) => Promise<unknown> {
  const unnest = TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  const text = `insert into signals (${COLUMNS}) select * from unnest(${unnest})`;
  return (batch) => {
    const columns: unknown[][] = TYPES.map(() => []);
    for (const s of batch) {
      const tuple = signalTuple(s);
      for (let c = 0; c < tuple.length; c++) (columns[c] as unknown[]).push(tuple[c]);
    }
    return client.query({ name: 'bench-plain-insert', text, values: columns });
  };
}

/** Milliseconds of CPU (user + system) this process has used. */
function clientCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU milliseconds used so far by the backends whose application_name is `name` (the store's
 * pool, or the plain INSERT's client), read from /proc/PID/stat; undefined when the server is
 * not on this machine. Backends that ended are not counted, so read it while they are open.
 */
async function serverCpu(admin: pg.Client, name: string): Promise<number | undefined> {
  const { rows } = await admin.query<{ pid: number }>(
    'select pid from pg_stat_activity where application_name = $1',
    [name],
  );
  if (rows.length === 0) return undefined;
  let ticks = 0;
  try {
    for (const { pid } of rows) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

async function timeBatches(
  record: (batch: readonly SignalRecord[]) => Promise<unknown>,
  run: string,
  batchSize: number,
  signals: number,
  postgresCpu: () => Promise<number | undefined> = async () => undefined,
): Promise<Omit<SignalRun, 'contender'>> {
  for (const batch of signalBatches(`${run}-warm`, WARM_UP_BATCHES, batchSize)) await record(batch);
  const batches = signalBatches(run, Math.max(1, Math.round(signals / batchSize)), batchSize);
  const times: number[] = [];
  const serverBefore = await postgresCpu();
  const clientBefore = clientCpu();
  const started = performance.now();
  for (const batch of batches) {
    const t = performance.now();
    await record(batch);
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  const clientMs = clientCpu() - clientBefore;
  const serverAfter = await postgresCpu();
  const count = batches.length * batchSize;
  return {
    batchSize,
    signals: count,
    seconds,
    signalsPerSecond: count / seconds,
    batch: summarize(times) as Summary,
    clientCpuPer1000: (clientMs * 1000) / count,
    ...(serverBefore !== undefined &&
      serverAfter !== undefined && {
        serverCpuPer1000: ((serverAfter - serverBefore) * 1000) / count,
      }),
  };
}

/** `url` with an application_name, so that the run's backends can be found. */
function named(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
}

async function withPostgres<T>(
  url: string,
  work: (store: Store, schema: string, cpu: () => Promise<number | undefined>) => Promise<T>,
) {
  const schema = freshSchema();
  const store = await openPostgresStore({
    url: named(url, schema),
    schema,
    dropSchemaOnClose: true,
  });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await store.migrate();
    return await work(store, schema, () => serverCpu(admin, schema));
  } finally {
    await admin.end();
    await store.close();
  }
}

/**
 * `recordSignals` throughput at each batch size: the SQLite store on a new file, and, with a
 * PostgreSQL URL, the PostgreSQL store and a plain INSERT of the same rows, each in a new schema
 * (dropped after). Every contender starts from empty tables.
 */
export async function runSignals(
  options: {
    signalBatchSizes: readonly number[];
    signals: number;
    databaseUrl: string | undefined;
  },
  scratch: Scratch,
  progress: Progress,
): Promise<SignalsResult> {
  const runs: SignalRun[] = [];
  const notes: string[] = [];
  for (const size of options.signalBatchSizes) {
    const run = `b${size}`;
    progress.note(`SQLite store, batches of ${size}`);
    const sqlite = await openMigratedStore(scratch.file(`signals-${size}`));
    try {
      const timed = await timeBatches((b) => sqlite.recordSignals(b), run, size, options.signals);
      runs.push({ contender: 'SQLite store', ...timed });
    } finally {
      await sqlite.close();
    }
    const url = options.databaseUrl;
    if (url === undefined) continue;
    progress.note(`PostgreSQL store, batches of ${size}`);
    const timed = await withPostgres(url, (store, _, cpu) =>
      timeBatches((b) => store.recordSignals(b), run, size, options.signals, cpu),
    );
    runs.push({ contender: 'PostgreSQL store', ...timed });
    progress.note(`PostgreSQL plain INSERT, batches of ${size}`);
    const plain = await withPostgres(url, async (_, schema) => {
      const name = `${schema}_plain`;
      const client = new pg.Client({
        connectionString: named(url, name),
        options: `-c search_path=${schema}`,
      });
      await client.connect();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const cpu = () => serverCpu(admin, name);
        return await timeBatches(plainInsert(client), run, size, options.signals, cpu);
      } finally {
        await admin.end();
        await client.end();
      }
    });
    runs.push({ contender: 'PostgreSQL plain INSERT', ...plain });
  }
  if (options.databaseUrl === undefined)
    notes.push('PostgreSQL skipped (set BENCH_DATABASE_URL to run its store and plain INSERT)');
  else {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ setting: string }>(
        "select current_setting('synchronous_commit') as setting",
      );
      notes.push(`PostgreSQL synchronous_commit = ${rows[0]?.setting}`);
    } finally {
      await client.end();
    }
  }
  return { runs, notes };
}
