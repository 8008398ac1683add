import type { OverrideRecord, StoredSignal } from '../../store/signal-store.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A stored signal as the API and `signals unmatched --json` show it. */
export function presentSignal(signal: StoredSignal) {
  return {
    id: signal.id,
    source: signal.source,
    key: signal.key,
    state: signal.state,
    level: signal.level,
    startsAt: iso(signal.startsAt),
    endsAt: iso(signal.endsAt),
    receivedAt: iso(signal.receivedAt),
    labels: signal.labels,
    summary: signal.summary ?? null,
    url: signal.url ?? null,
    services: signal.services,
    unmatched: signal.unmatched ?? null,
  };
}

/** An override as the API and `override --json` show it. */
export function presentOverride(record: OverrideRecord) {
  return {
    service: record.service,
    level: record.level,
    author: record.author,
    reason: record.reason,
    createdAt: iso(record.createdAt),
    expiresAt: iso(record.expiresAt),
    clearedAt: iso(record.clearedAt),
    clearedBy: record.clearedBy,
  };
}
