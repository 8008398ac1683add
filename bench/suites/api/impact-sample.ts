import type { StatusEngine } from '../../../src/engine/engine.js';
import { collectGarbage } from '../../lib/memory.js';
import { type Summary, summarize } from '../../lib/stats.js';

export interface ImpactSample {
  service: string;
  /** Services in the impact report (the ~10k-service answer). */
  size: number;
  /** `engine.impact(id)` alone. */
  engine: Summary;
  /** JSON.stringify of the report, as a share of what the route adds. */
  stringify: Summary;
  bytes: number;
}

/** The impact sample aims at this many services (at small scales, a tenth of the model). */
export function impactTarget(services: number): number {
  return Math.min(10_000, Math.floor(services / 10));
}

/** Among the hubs of every layer, the service whose upstream closure is nearest the target. */
export function chooseImpactService(
  engine: StatusEngine,
  hubs: readonly Int32Array[],
  target: number,
): { service: string; size: number } {
  let best = { service: '', size: -1, distance: Number.POSITIVE_INFINITY };
  for (const layer of hubs)
    for (const position of layer.subarray(0, 200)) {
      const size = engine.closureCompact(position, 'up').services.length;
      const distance = Math.abs(size - target);
      if (distance < best.distance)
        best = { service: engine.compact.serviceIds[position] as string, size, distance };
    }
  return { service: best.service, size: best.size };
}

/** The engine's impact call and the serialisation of its report, timed after a warm-up. */
export function timeImpact(engine: StatusEngine, service: string, runs: number) {
  const engineTimes: number[] = [];
  const stringifyTimes: number[] = [];
  let bytes = 0;
  let size = 0;
  collectGarbage();
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    const report = engine.impact(service);
    const called = performance.now();
    bytes = JSON.stringify(report).length;
    const done = performance.now();
    size = report.services.length;
    if (i < 3) continue; // warm-up
    engineTimes.push(called - started);
    stringifyTimes.push(done - called);
  }
  return { size, bytes, engine: summarize(engineTimes), stringify: summarize(stringifyTimes) };
}
