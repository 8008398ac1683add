/**
 * Alertmanager webhook bodies for the benchmark, each different so that every alert is new to
 * the store (no request is a cheap redelivery): request n fires half its alerts with fresh
 * fingerprints and resolves the alerts request n - 8 fired, so statuses keep changing.
 *
 * The load generator shares the two cores with the server it measures, so a body is put together
 * from pieces made once (per slot, per run) and one time string per request: what it costs to
 * make a body is taken from the server's share of the machine.
 */
export class PayloadMaker {
  private n = 0;
  /** Per slot: the parts of an alert that do not change from request to request. */
  private readonly severities: string[];
  private readonly head: string;
  private readonly tail = ']}';
  private readonly resolvedEnd = new Date(Date.UTC(2026, 10, 28, 13)).toISOString();
  /** The start times of the last requests, by request number modulo their count. */
  private readonly starts: string[] = new Array<string>(9).fill('');

  constructor(
    private readonly alertsPerRequest: number,
    private readonly services: number,
    /** Distinguishes runs, so that one run's alerts are not the next one's duplicates. */
    private readonly run: string,
  ) {
    this.severities = Array.from({ length: alertsPerRequest }, (_, slot) =>
      slot % 3 === 0 ? 'critical' : slot % 3 === 1 ? 'warning' : 'major',
    );
    this.head = `{"version":"4","groupKey":"{}:{alertname=\\"Bench\\"}","truncatedAlerts":0,"status":"firing","receiver":"servicechain","groupLabels":{"alertname":"Bench"},"commonLabels":{"alertname":"Bench"},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[`;
  }

  next(): string {
    const n = this.n++;
    this.starts[n % 9] = new Date(Date.UTC(2026, 10, 28, 12, 0, 0) + n).toISOString();
    const half = Math.ceil(this.alertsPerRequest / 2);
    let body = this.head;
    for (let i = 0; i < this.alertsPerRequest; i++) {
      const firing = i < half || n < 8;
      const origin = firing ? n : n - 8;
      const slot = firing ? i : i - half;
      if (i > 0) body += ',';
      body += this.alert(origin, slot, firing);
    }
    return body + this.tail;
  }

  private alert(origin: number, slot: number, firing: boolean): string {
    const service = (origin * 31 + slot * 17) % this.services;
    const startsAt = this.starts[origin % 9];
    const endsAt = firing ? '0001-01-01T00:00:00Z' : this.resolvedEnd;
    return `{"status":"${firing ? 'firing' : 'resolved'}","labels":{"alertname":"Bench","service":"svc-${service}","severity":"${this.severities[slot]}","instance":"10.0.${slot}.${origin % 250}:9100","job":"node"},"annotations":{"summary":"bench alert ${origin}/${slot}","description":"synthetic load for the ingest benchmark"},"startsAt":"${startsAt}","endsAt":"${endsAt}","generatorURL":"http://prometheus:9090/graph?g0.expr=up","fingerprint":"${this.run}-${origin}-${slot}"}`;
  }
}
