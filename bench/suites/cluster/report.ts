import type { Summary } from '../../lib/stats.js';
import { formatMs, formatRatio, type Table } from '../../lib/table.js';
import type { ClusterResult } from './run.js';

/** Issue 9's target: a follower's live events at most 100 ms behind the leader's, at p99. */
export const FOLLOWER_LAG_TARGET_MS = 100;

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

function streamRow(name: string, s: Summary | undefined): string[] {
  if (!s) return [name, '0', '–', '–', '–'];
  return [name, s.count.toString(), formatMs(s.p50), formatMs(s.p99), formatMs(s.max)];
}

/** Follower and leader side by side; the leader's is the baseline, the stream without following. */
export function delayTable(result: ClusterResult): Table {
  const f = result.followerStream;
  const l = result.leaderStream;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? '–' : formatRatio(a / b);
  const ready = result.followerReady;
  return {
    title: 'Status events: leader commit (`at`) to arrival',
    header: ['where', 'events', 'p50', 'p99', 'max'],
    rows: [
      streamRow('follower stream', f),
      streamRow('leader stream (baseline)', l),
      ['follower / leader', '', ratio(f?.p50, l?.p50), ratio(f?.p99, l?.p99), ''],
      [
        "follower's /readyz lag (newest 1000)",
        ready.samples.toString(),
        formatMs(ready.p50Ms),
        formatMs(ready.p99Ms),
        '',
      ],
    ],
  };
}

export function loadTable(result: ClusterResult): Table {
  const r = result.load;
  return {
    title: 'Load on the leader',
    header: ['requests/s', 'signals/s', 'p50', 'p99', 'failed'],
    rows: [
      [
        Math.round(r.requestsPerSecond).toString(),
        Math.round(r.signalsPerSecond).toString(),
        formatMs(r.p50),
        formatMs(r.p99),
        (r.errors + r.non2xx).toString(),
      ],
    ],
  };
}

/** The target row; without a run (no BENCH_DATABASE_URL) it says so instead of a verdict. */
export function targetTable(result: ClusterResult | undefined): Table {
  const name = `follower lag p99 < ${FOLLOWER_LAG_TARGET_MS} ms (follower stream)`;
  const f = result?.followerStream;
  const row = !result
    ? [name, 'not run (BENCH_DATABASE_URL)', '–']
    : [
        name,
        f ? `${formatMs(f.p99)} (${f.count} events)` : 'no events',
        // An event the follower never showed is later than any delay: fewer events fail.
        verdict(
          f !== undefined &&
            f.count >= (result.leaderStream?.count ?? 0) &&
            f.p99 < FOLLOWER_LAG_TARGET_MS,
        ),
      ];
  return { title: 'Targets', header: ['target', 'measured', 'verdict'], rows: [row] };
}

/** Lines under the tables: whether both streams carried the same events, and the roles. */
export function summaryLines(result: ClusterResult): string[] {
  const follower = result.followerStream?.count ?? 0;
  const leader = result.leaderStream?.count ?? 0;
  const lines = [
    follower === leader
      ? `both streams carried ${follower} status events`
      : `the streams differ: ${follower} status events on the follower, ${leader} on the leader (${follower < leader ? 'the follower missed some or was late' : 'the follower has more'})`,
  ];
  if (result.followerReady.role !== 'follower' || result.leaderReady.role !== 'leader')
    lines.push(
      `roles at the end: ${result.leaderReady.role} and ${result.followerReady.role} (expected leader and follower)`,
    );
  return lines;
}
