import type { AcknowledgementRecord } from '../../store/acknowledgement-store.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An acknowledgement as the API and `ack --json` show it. */
export function presentAcknowledgement(record: AcknowledgementRecord) {
  return {
    service: record.service,
    author: record.author,
    note: record.note,
    createdAt: iso(record.createdAt) as string,
    expiresAt: iso(record.expiresAt),
    clearedAt: iso(record.clearedAt),
    clearedBy: record.clearedBy,
  };
}

/** The `acknowledgement` of a status answer: who acknowledged the service itself, or null. */
export function presentAcknowledgedBy(record: AcknowledgementRecord | undefined) {
  if (!record) return null;
  return {
    author: record.author,
    note: record.note,
    createdAt: iso(record.createdAt) as string,
    expiresAt: iso(record.expiresAt),
  };
}
