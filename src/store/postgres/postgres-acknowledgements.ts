import { type Kysely, sql } from 'kysely';
import {
  type AcknowledgementRecord,
  type AcknowledgementRow,
  acknowledgementRowToRecord,
  type NewAcknowledgement,
} from '../acknowledgement-store.js';
import type { Database } from '../rows.js';
import { lockFor } from './postgres-locks.js';

type Db = Kysely<Database>;

/** Acknowledgements on PostgreSQL, each write one transaction with its audit record. */
export class PostgresAcknowledgements {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  set(acknowledgement: NewAcknowledgement): Promise<AcknowledgementRecord> {
    return this.db.transaction().execute(async (trx) => {
      // Two setters at once would both find no open row and both insert; the partial unique
      // index would refuse the second. The lock makes the second replace the first instead.
      await lockFor(trx, 'acknowledgements');
      const { rows: replaced } = await sql<AcknowledgementRow>`
        update acknowledgements set cleared_at = ${acknowledgement.createdAt},
          cleared_by = ${acknowledgement.author}
        where service = ${acknowledgement.service} and cleared_at is null
        returning *`.execute(trx);
      const { rows } = await sql<AcknowledgementRow>`
        insert into acknowledgements (service, author, note, created_at, expires_at)
        values (${acknowledgement.service}, ${acknowledgement.author}, ${acknowledgement.note},
          ${acknowledgement.createdAt}, ${acknowledgement.expiresAt})
        returning *`.execute(trx);
      const stored = acknowledgementRowToRecord(rows[0] as AcknowledgementRow);
      const before = replaced[0] ? acknowledgementRowToRecord(replaced[0]) : null;
      await this.audit(
        trx,
        stored.author,
        before ? 'update' : 'create',
        stored.service,
        before,
        stored,
      );
      return stored;
    });
  }

  clear(service: string, by: string, at: number): Promise<AcknowledgementRecord | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<AcknowledgementRow>`
        update acknowledgements set cleared_at = ${at}, cleared_by = ${by}
        where service = ${service} and cleared_at is null
          and (expires_at is null or expires_at > ${at})
        returning *`.execute(trx);
      const row = rows[0];
      if (!row) return undefined;
      const cleared = acknowledgementRowToRecord(row);
      await this.audit(trx, by, 'delete', service, cleared, null);
      return cleared;
    });
  }

  async listActive(now: number): Promise<AcknowledgementRecord[]> {
    // Ordered bytewise, as SQLite orders, whatever the database's collation.
    const { rows } = await sql<AcknowledgementRow>`
      select * from acknowledgements
      where cleared_at is null and (expires_at is null or expires_at > ${now})
      order by service collate "C", id`.execute(this.db);
    return rows.map(acknowledgementRowToRecord);
  }

  private async audit(
    db: Db,
    actor: string,
    op: 'create' | 'update' | 'delete',
    service: string,
    before: AcknowledgementRecord | null,
    after: AcknowledgementRecord | null,
  ): Promise<void> {
    await sql`insert into audit (at, actor, op, kind, "key", before, after)
      values (${this.now().toISOString()}, ${actor}, ${op}, 'acknowledgement', ${service},
        ${before === null ? null : JSON.stringify(before)},
        ${after === null ? null : JSON.stringify(after)})`.execute(db);
  }
}
