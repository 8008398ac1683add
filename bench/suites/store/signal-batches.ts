import type { SignalRecord } from '../../../src/store/signal-store.js';

const START = Date.UTC(2026, 10, 28, 12, 0, 0);

/**
 * Signal batches as a busy Alertmanager receiver commits them: batch n fires half its signals
 * with fresh keys and resolves the ones batch n - 8 fired (so heads move and no batch is a
 * cheap redelivery); the first eight batches only fire. `run` keeps one run's keys apart from
 * another's. The same arguments give the same batches.
 */
export function signalBatches(run: string, batches: number, size: number): SignalRecord[][] {
  const half = Math.ceil(size / 2);
  const out: SignalRecord[][] = [];
  for (let n = 0; n < batches; n++) {
    const batch: SignalRecord[] = [];
    for (let i = 0; i < size; i++) {
      const firing = i < half || n < 8;
      const origin = firing ? n : n - 8;
      const slot = firing ? i : i - half;
      batch.push(benchSignal(run, origin, slot, firing, START + n * 10));
    }
    out.push(batch);
  }
  return out;
}

function benchSignal(
  run: string,
  origin: number,
  slot: number,
  firing: boolean,
  receivedAt: number,
): SignalRecord {
  const service = `svc-${(origin * 31 + slot * 17) % 1000}`;
  return {
    source: 'alertmanager',
    key: `${run}-${origin}-${slot}`,
    state: firing ? 'firing' : 'resolved',
    startsAt: START + origin,
    endsAt: firing ? null : START + 3_600_000,
    level: slot % 3 === 0 ? 'major_outage' : slot % 3 === 1 ? 'degraded' : 'partial_outage',
    labels: {
      alertname: 'Bench',
      service,
      severity: slot % 3 === 0 ? 'critical' : 'warning',
      instance: `10.0.${slot % 250}.${origin % 250}:9100`,
      job: 'node',
    },
    summary: `bench alert ${origin}/${slot}`,
    url: 'http://prometheus:9090/graph?g0.expr=up',
    services: [service],
    receivedAt,
  };
}
