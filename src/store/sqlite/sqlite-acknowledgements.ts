import type BetterSqlite3 from 'better-sqlite3';
import {
  type AcknowledgementRecord,
  type AcknowledgementRow,
  acknowledgementRowToRecord,
  type NewAcknowledgement,
} from '../acknowledgement-store.js';

type Statement = BetterSqlite3.Statement;

/**
 * Acknowledgements on SQLite with statements prepared once. Each write is one IMMEDIATE
 * transaction with its audit record; the caller runs it only when no other transaction holds the
 * connection (SqliteStore.exclusive).
 */
export class SqliteAcknowledgements {
  private readonly q: Record<
    'clearOpen' | 'insert' | 'clearActive' | 'active' | 'audit',
    Statement
  >;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => Date,
  ) {
    this.q = {
      clearOpen: db.prepare(
        `update acknowledgements set cleared_at = ?, cleared_by = ?
         where service = ? and cleared_at is null returning *`,
      ),
      insert: db.prepare(
        `insert into acknowledgements (service, author, note, created_at, expires_at)
         values (?, ?, ?, ?, ?) returning *`,
      ),
      clearActive: db.prepare(
        `update acknowledgements set cleared_at = @at, cleared_by = @by
         where service = @service and cleared_at is null
           and (expires_at is null or expires_at > @at)
         returning *`,
      ),
      active: db.prepare(
        `select * from acknowledgements
         where cleared_at is null and (expires_at is null or expires_at > ?)
         order by service, id`,
      ),
      audit: db.prepare(
        'insert into audit (at, actor, op, kind, "key", before, after) values (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  set(acknowledgement: NewAcknowledgement): AcknowledgementRecord {
    return this.db
      .transaction(() => {
        const { service, author, note, createdAt, expiresAt } = acknowledgement;
        const replaced = this.q.clearOpen.get(createdAt, author, service) as
          | AcknowledgementRow
          | undefined;
        const row = this.q.insert.get(service, author, note, createdAt, expiresAt);
        const stored = acknowledgementRowToRecord(row as AcknowledgementRow);
        const before = replaced ? acknowledgementRowToRecord(replaced) : null;
        this.audit(author, before ? 'update' : 'create', service, before, stored);
        return stored;
      })
      .immediate();
  }

  clear(service: string, by: string, at: number): AcknowledgementRecord | undefined {
    return this.db
      .transaction(() => {
        const row = this.q.clearActive.get({ service, by, at }) as AcknowledgementRow | undefined;
        if (!row) return undefined;
        const cleared = acknowledgementRowToRecord(row);
        this.audit(by, 'delete', service, cleared, null);
        return cleared;
      })
      .immediate();
  }

  listActive(now: number): AcknowledgementRecord[] {
    return (this.q.active.all(now) as AcknowledgementRow[]).map(acknowledgementRowToRecord);
  }

  private audit(
    actor: string,
    op: 'create' | 'update' | 'delete',
    service: string,
    before: AcknowledgementRecord | null,
    after: AcknowledgementRecord | null,
  ): void {
    this.q.audit.run(
      this.now().toISOString(),
      actor,
      op,
      'acknowledgement',
      service,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    );
  }
}
