/**
 * Alertmanager webhook bodies for the benchmark, each different so that every alert is new to
 * the store (no request is a cheap redelivery): request n fires half its alerts with fresh
 * fingerprints and resolves the alerts request n - 8 fired, so statuses keep changing.
 */
export class PayloadMaker {
  private n = 0;

  constructor(
    private readonly alertsPerRequest: number,
    private readonly services: number,
    /** Distinguishes runs, so that one run's alerts are not the next one's duplicates. */
    private readonly run: string,
  ) {}

  next(): string {
    const n = this.n++;
    const half = Math.ceil(this.alertsPerRequest / 2);
    const alerts: string[] = [];
    for (let i = 0; i < this.alertsPerRequest; i++) {
      const firing = i < half || n < 8;
      const origin = firing ? n : n - 8;
      const slot = firing ? i : i - half;
      alerts.push(this.alert(origin, slot, firing));
    }
    return `{"version":"4","groupKey":"{}:{alertname=\\"Bench\\"}","truncatedAlerts":0,"status":"firing","receiver":"servicechain","groupLabels":{"alertname":"Bench"},"commonLabels":{"alertname":"Bench"},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[${alerts.join(',')}]}`;
  }

  private alert(origin: number, slot: number, firing: boolean): string {
    const service = (origin * 31 + slot * 17) % this.services;
    const severity = slot % 3 === 0 ? 'critical' : slot % 3 === 1 ? 'warning' : 'major';
    const startsAt = new Date(Date.UTC(2026, 10, 28, 12, 0, 0) + origin).toISOString();
    const endsAt = firing
      ? '0001-01-01T00:00:00Z'
      : new Date(Date.UTC(2026, 10, 28, 13)).toISOString();
    return `{"status":"${firing ? 'firing' : 'resolved'}","labels":{"alertname":"Bench","service":"svc-${service}","severity":"${severity}","instance":"10.0.${slot}.${origin % 250}:9100","job":"node"},"annotations":{"summary":"bench alert ${origin}/${slot}","description":"synthetic load for the ingest benchmark"},"startsAt":"${startsAt}","endsAt":"${endsAt}","generatorURL":"http://prometheus:9090/graph?g0.expr=up","fingerprint":"${this.run}-${origin}-${slot}"}`;
  }
}
