import { statSync } from 'node:fs';
import { answerAvailability } from '../../../src/availability/answer.js';
import type { ModelChange, Store } from '../../../src/store/store.js';
import type { Progress } from '../../lib/progress.js';
import { type Summary, summarize, timeAsync, timeOnce } from '../../lib/stats.js';
import { openMigratedStore, openRaw, type Scratch } from '../store/database.js';
import { createBaseline } from './baseline.js';
import type { AvailabilityBenchConfig } from './config.js';
import { benchHistory, benchServices } from './generate.js';

/** The recorder's policy (src/runtime/history-recorder.ts): a snapshot every 50,000 changes. */
const SNAPSHOT_EVERY = 50_000;
const BATCH = 10_000;

export interface MonthResult {
  month: string;
  /** Changes inside the month. */
  changes: number;
  storeMs: Summary;
  baselineMs: Summary;
  /** CPU time of this process (user + system) over the same runs: less sensitive to a busy machine. */
  storeCpuMs: Summary;
  baselineCpuMs: Summary;
  /** Around-the-clock services whose weighted downtime differs from the baseline's. */
  mismatches: number;
  /** Services below their SLO. */
  missed: number;
}

export interface AvailabilityResult {
  services: number;
  changes: number;
  snapshots: number;
  writeMs: number;
  fileBytes: number;
  months: MonthResult[];
}

/**
 * Seeds a new SQLite file with the services and a year (2025) of history through the store, as
 * the recorder writes it, then for each month times `answerAvailability` for every service
 * against the baseline SQL on the same file, alternating, `runs` times each.
 */
export async function runAvailability(
  config: AvailabilityBenchConfig,
  scratch: Scratch,
  progress: Progress,
): Promise<AvailabilityResult> {
  const file = scratch.file('availability');
  const store = await openMigratedStore(file);
  try {
    const services = benchServices(config.services);
    progress.note(`creating ${services.length.toLocaleString('en')} services`);
    const creates: ModelChange[] = services.map((s) => ({
      op: 'create',
      kind: 'service',
      key: s.id,
      after: s,
    }));
    await store.applyChanges(creates, { id: 'bench' });
    const year = Date.UTC(2025, 0, 1);
    const span = Date.UTC(2026, 0, 1) - year;
    progress.note(`generating about ${config.changes.toLocaleString('en')} changes over 2025`);
    const history = benchHistory(
      services.map((s) => s.id),
      config.changes,
      year,
      span,
      config.seed,
    );
    const { writeMs, snapshots } = await writeHistory(store, history, progress);
    const months = await timeMonths(config, store, file, history, progress);
    return {
      services: services.length,
      changes: history.length,
      snapshots,
      writeMs,
      fileBytes: statSync(file).size,
      months,
    };
  } finally {
    await store.close();
  }
}

async function writeHistory(
  store: Store,
  history: Parameters<Store['recordStatusChanges']>[0],
  progress: Progress,
): Promise<{ writeMs: number; snapshots: number }> {
  const track = progress.track('writing the history');
  let snapshots = 0;
  let sinceSnapshot = 0;
  const writeMs = await timeAsync(async () => {
    for (let i = 0; i < history.length; i += BATCH) {
      const batch = history.slice(i, i + BATCH);
      await store.recordStatusChanges(batch);
      sinceSnapshot += batch.length;
      if (sinceSnapshot >= SNAPSHOT_EVERY) {
        await store.writeStatusSnapshot((batch[batch.length - 1] as { at: number }).at);
        snapshots++;
        sinceSnapshot = 0;
      }
      track((i + batch.length) / history.length);
    }
  });
  return { writeMs, snapshots };
}

async function timeMonths(
  config: AvailabilityBenchConfig,
  store: Store,
  file: string,
  history: readonly { at: number }[],
  progress: Progress,
): Promise<MonthResult[]> {
  const raw = openRaw(file);
  const baseline = createBaseline(raw);
  const aroundTheClock = new Set(
    benchServices(config.services)
      .filter((s) => s.hours === undefined)
      .map((s) => s.id),
  );
  const months: MonthResult[] = [];
  const track = progress.track('monthly availability');
  try {
    for (let m = 0; m < 12; m++) {
      const label = `2025-${String(m + 1).padStart(2, '0')}`;
      const from = Date.UTC(2025, m, 1);
      const to = Date.UTC(2025, m + 1, 1);
      const storeTimes: number[] = [];
      const baselineTimes: number[] = [];
      const storeCpu: number[] = [];
      const baselineCpu: number[] = [];
      let answer: Awaited<ReturnType<typeof answerAvailability>> | undefined;
      let down = new Map<string, number>();
      for (let run = 0; run < config.runs; run++) {
        let cpu = process.cpuUsage();
        storeTimes.push(
          await timeAsync(async () => {
            answer = await answerAvailability(
              store,
              { period: label, limit: config.services },
              Date.now(),
            );
          }),
        );
        storeCpu.push(cpuMs(process.cpuUsage(cpu)));
        cpu = process.cpuUsage();
        baselineTimes.push(
          timeOnce(() => {
            down = baseline(from, to);
          }),
        );
        baselineCpu.push(cpuMs(process.cpuUsage(cpu)));
      }
      let mismatches = 0;
      let missed = 0;
      for (const s of answer?.services ?? []) {
        if (s.met === false) missed++;
        if (!aroundTheClock.has(s.service)) continue;
        const expected = Math.round(((down.get(s.service) ?? 0) / 60_000) * 1000) / 1000;
        if (Math.abs(expected - s.downtimeMinutes) > 0.0015) mismatches++;
      }
      months.push({
        month: label,
        changes: history.filter((c) => c.at >= from && c.at < to).length,
        storeMs: summarize(storeTimes) as Summary,
        baselineMs: summarize(baselineTimes) as Summary,
        storeCpuMs: summarize(storeCpu) as Summary,
        baselineCpuMs: summarize(baselineCpu) as Summary,
        mismatches,
        missed,
      });
      track((m + 1) / 12);
    }
  } finally {
    raw.close();
  }
  return months;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}
