import BetterSqlite3 from 'better-sqlite3';
import { stateCode } from '../../../src/store/history-codec.js';
import type { HistoricState, NewStatusChange } from '../../../src/store/history-store.js';
import { generateModel } from '../../generate.js';
import { Prng } from '../../lib/prng.js';
import type { Progress } from '../../lib/progress.js';
import { type Summary, summarize, timeAsync, timeOnce } from '../../lib/stats.js';
import { openMigratedStore, type Scratch } from '../store/database.js';
import type { HistoryBenchConfig } from './config.js';
import { syntheticYear, YEAR_MS } from './synthetic-year.js';

/** One moment asked about: how many services were not operational, and how long each took. */
export interface MomentResult {
  at: string;
  services: number;
  storeMs: number[];
  baselineMs: number;
  same: boolean;
}

export interface HistoryResult {
  services: number;
  changes: number;
  snapshots: number;
  writeMs: number;
  fileBytes: number;
  moments: MomentResult[];
  store: Summary | undefined;
  baseline: Summary | undefined;
}

/** The year starts here, so every moment asked about lies in the past. */
const START = Date.parse('2025-01-01T00:00:00Z');
const BATCH = 10_000;

/**
 * The naive way: every service's latest change at or before T, by a window function over the
 * whole table up to T. Correct, with ties broken by id as the store breaks them.
 */
const LATEST_PER_SERVICE = `select service, at, to_level, to_maintenance, to_acknowledged from (
    select service, at, to_level, to_maintenance, to_acknowledged,
      row_number() over (partition by service order by at desc, id desc) as newest
    from status_changes where at <= ?)
  where newest = 1 and (to_level <> 'operational' or to_maintenance = 1 or to_acknowledged = 1)
  order by service`;

/**
 * Writes a year of synthetic history for the generated model into a new store file, through
 * recordStatusChanges in batches with a snapshot every `snapshotEvery` changes (the recorder's
 * policy), then asks stateAt at moments spread over the year, each side by side with the naive
 * query on a second connection to the same file.
 */
export async function runHistory(
  config: HistoryBenchConfig,
  scratch: Scratch,
  progress: Progress,
): Promise<HistoryResult> {
  progress.note(`generating the model at scale ${config.scale}`);
  const model = generateModel({ scale: config.scale, seed: config.seed });
  const services = model.compact.serviceIds;
  const file = scratch.file('history');
  const store = await openMigratedStore(file);
  try {
    progress.note(
      `writing ${config.changes.toLocaleString('en')} changes over a year of ${services.length.toLocaleString('en')} services`,
    );
    const track = progress.track('history written');
    let batch: NewStatusChange[] = [];
    let written = 0;
    let sinceSnapshot = 0;
    let snapshots = 0;
    const started = performance.now();
    for (const change of syntheticYear(services, config.changes, START, config.seed)) {
      batch.push(change);
      if (batch.length < BATCH) continue;
      await store.recordStatusChanges(batch);
      written += batch.length;
      sinceSnapshot += batch.length;
      if (sinceSnapshot >= config.snapshotEvery) {
        await store.writeStatusSnapshot((batch.at(-1) as NewStatusChange).at);
        snapshots++;
        sinceSnapshot = 0;
      }
      batch = [];
      track(written / config.changes);
    }
    if (batch.length > 0) await store.recordStatusChanges(batch);
    written += batch.length;
    track(1);
    const writeMs = performance.now() - started;

    const raw = new BetterSqlite3(file, { readonly: true });
    const naive = raw.prepare(LATEST_PER_SERVICE).raw();
    const fileBytes =
      (raw.pragma('page_count', { simple: true }) as number) *
      (raw.pragma('page_size', { simple: true }) as number);
    const prng = new Prng(config.seed + 1);
    const moments: MomentResult[] = [];
    const track2 = progress.track('moments asked');
    try {
      for (let m = 0; m < config.moments; m++) {
        // Spread over the year, each at a random point of its share of it.
        const at = Math.round(START + ((m + prng.next()) / config.moments) * YEAR_MS);
        const storeMs: number[] = [];
        let answer: HistoricState[] = [];
        for (let r = 0; r < config.runs; r++)
          storeMs.push(
            await timeAsync(async () => {
              answer = await store.stateAt(at);
            }),
          );
        let rows: [string, number, string, number, number][] = [];
        const baselineMs = timeOnce(() => {
          rows = naive.all(at) as typeof rows;
        });
        moments.push({
          at: new Date(at).toISOString(),
          services: answer.length,
          storeMs,
          baselineMs,
          same: sameAnswer(answer, rows),
        });
        track2((m + 1) / config.moments);
      }
    } finally {
      raw.close();
    }
    return {
      services: services.length,
      changes: written,
      snapshots,
      writeMs,
      fileBytes,
      moments,
      store: summarize(moments.flatMap((m) => m.storeMs)),
      baseline: summarize(moments.map((m) => m.baselineMs)),
    };
  } finally {
    await store.close();
  }
}

/** Whether the store and the naive query found the same services in the same states. */
function sameAnswer(
  answer: readonly HistoricState[],
  rows: readonly [string, number, string, number, number][],
): boolean {
  if (answer.length !== rows.length) return false;
  return answer.every((state, i) => {
    const [service, since, level, maintenance, acknowledged] = rows[i] as (typeof rows)[number];
    const code = stateCode({
      level: level as HistoricState['level'],
      maintenance: maintenance === 1,
      acknowledged: acknowledged === 1,
    });
    return state.service === service && state.since === since && stateCode(state) === code;
  });
}
