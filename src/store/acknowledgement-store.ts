/**
 * Someone has seen a service's trouble and is on it: the engine marks the service, and what its
 * trouble alone takes down, as acknowledged (docs/status-rules.md). Open until taken back, past
 * its expiry, or cleared when the service recovers or leaves the model.
 */
export interface AcknowledgementRecord {
  id: number;
  service: string;
  author: string;
  /** What the author said; may be empty. */
  note: string;
  /** ms since the epoch, as are all times here. */
  createdAt: number;
  expiresAt: number | null;
  clearedAt: number | null;
  clearedBy: string | null;
}

export type NewAcknowledgement = Pick<
  AcknowledgementRecord,
  'service' | 'author' | 'note' | 'createdAt' | 'expiresAt'
>;

/**
 * Persistence of acknowledgements. Each write is one transaction with one audit record (kind
 * `acknowledgement`, key the service, actor the author or the one who cleared it).
 */
export interface AcknowledgementStore {
  /**
   * Acknowledges a service, clearing (by the same author) the acknowledgement it had: audited as
   * `create`, or `update` with the replaced one as before.
   */
  setAcknowledgement(acknowledgement: NewAcknowledgement): Promise<AcknowledgementRecord>;
  /**
   * Clears a service's open acknowledgement (audited as `delete`); resolves to it, or undefined
   * when there was none (and writes nothing).
   */
  clearAcknowledgement(
    service: string,
    by: string,
    at: number,
  ): Promise<AcknowledgementRecord | undefined>;
  /** Open acknowledgements not expired at `now`, by service. */
  listActiveAcknowledgements(now: number): Promise<AcknowledgementRecord[]>;
}

/** An `acknowledgements` row as either database returns it (PostgreSQL bigints as text). */
export interface AcknowledgementRow {
  id: number | string;
  service: string;
  author: string;
  note: string;
  created_at: number | string;
  expires_at: number | string | null;
  cleared_at: number | string | null;
  cleared_by: string | null;
}

const msOf = (value: number | string | null) => (value === null ? null : Number(value));

export function acknowledgementRowToRecord(row: AcknowledgementRow): AcknowledgementRecord {
  return {
    id: Number(row.id),
    service: row.service,
    author: row.author,
    note: row.note,
    createdAt: Number(row.created_at),
    expiresAt: msOf(row.expires_at),
    clearedAt: msOf(row.cleared_at),
    clearedBy: row.cleared_by,
  };
}
