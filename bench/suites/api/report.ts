import { formatMs, formatRatio, type Table } from '../../lib/table.js';
import type { ApiScaleResult } from './run-scale.js';

/** A target of the API issue, judged at one scale. */
export interface ApiTarget {
  name: string;
  value: string;
  pass: boolean;
}

/** The added time of the impact route: HTTP p50 less the engine call's p50, in ms. */
export function impactAdded(result: ApiScaleResult): number {
  return result.impact.http.p50 - result.impact.engine.p50;
}

/**
 * The targets: the status route at 10k requests/s or more with p99 under 10 ms, and the
 * impact route adding at most 1 ms to the engine call for a ~10k-service answer.
 */
export function evaluateApiTargets(result: ApiScaleResult): ApiTarget[] {
  const added = impactAdded(result);
  return [
    {
      name: 'status route ≥ 10k requests/s',
      value: `${Math.round(result.status.requestsPerSecond)}/s`,
      pass: result.status.requestsPerSecond >= 10_000,
    },
    {
      name: 'status route p99 < 10 ms',
      value: `${result.status.p99} ms`,
      pass: result.status.p99 < 10,
    },
    {
      name: `impact route adds ≤ 1 ms (first page of ${result.impact.size} services)`,
      value: formatMs(added),
      pass: added <= 1,
    },
  ];
}

const rate = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;

export function loadTable(result: ApiScaleResult): Table {
  const row = (name: string, load: ApiScaleResult['status']) => [
    name,
    rate(load.requestsPerSecond),
    `${load.p50} ms`,
    `${load.p99} ms`,
    String(load.requests),
    String(load.errors + load.non2xx),
  ];
  const { status, trivial } = result;
  return {
    title: `Load at scale ${result.scale} (${result.services.toLocaleString('en')} services)`,
    header: ['route', 'requests/s', 'p50', 'p99', 'requests', 'errors'],
    rows: [
      row('GET /api/v1/services/:id/status', status),
      row('trivial Fastify route', trivial),
      [
        'status / trivial',
        formatRatio(status.requestsPerSecond / trivial.requestsPerSecond),
        formatRatio(trivial.p50 === 0 ? undefined : status.p50 / trivial.p50),
        formatRatio(trivial.p99 === 0 ? undefined : status.p99 / trivial.p99),
        '',
        '',
      ],
    ],
  };
}

export function impactTable(result: ApiScaleResult): Table {
  const { impact } = result;
  return {
    title: `Impact of ${impact.service}: ${impact.size} services, ${(impact.bytes / 1024).toFixed(0)} KiB of JSON`,
    header: ['step', 'p50', 'p99'],
    rows: [
      ['engine.impact()', formatMs(impact.engine.p50), formatMs(impact.engine.p99)],
      ['JSON.stringify(report)', formatMs(impact.stringify.p50), formatMs(impact.stringify.p99)],
      ['GET …/impact, to the last byte', formatMs(impact.http.p50), formatMs(impact.http.p99)],
      ['  of which in the server (mean, /metrics)', formatMs(impact.serverMeanMs), ''],
      ['added by the route (GET − engine)', formatMs(impactAdded(result)), ''],
    ],
  };
}

/** PASS/FAIL at scale 1; lower case at other scales, for orientation only. */
export function targetsTable(result: ApiScaleResult, targets: readonly ApiTarget[]): Table {
  const verdict = (pass: boolean) => {
    const word = pass ? 'PASS' : 'FAIL';
    return result.scale === 1 ? word : word.toLowerCase();
  };
  return {
    title: `Targets at scale ${result.scale}`,
    header: ['target', 'measured', 'verdict'],
    rows: targets.map((t) => [t.name, t.value, verdict(t.pass)]),
  };
}
