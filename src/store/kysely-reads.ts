import type { Kysely } from 'kysely';
import type {
  Dependency,
  EntityKind,
  Model,
  Party,
  Service,
  Subscription,
} from '../model/entities.js';
import { InputError } from '../model/errors.js';
import {
  auditRowToRecord,
  dependencyRowToDependency,
  partyRowToParty,
  serviceRowToService,
  subscriptionRowToSubscription,
} from './mappers.js';
import type { Database } from './rows.js';
import {
  AUDIT_DEFAULT_LIMIT,
  AUDIT_MAX_LIMIT,
  type AuditQuery,
  type AuditRecord,
  type DependencyFilter,
  type EntityOf,
  type SubscriptionFilter,
  type Versioned,
} from './store.js';
import { TABLES } from './tables.js';

/**
 * The reads every SQL store shares: plain SELECTs that Kysely writes the same for SQLite and
 * PostgreSQL. Ordering relies on the id columns comparing bytewise (see the migrations).
 */
export class KyselyReads {
  constructor(private readonly db: Kysely<Database>) {}

  /** The four lists from one snapshot, in one read transaction. */
  async loadModel(): Promise<Model> {
    // REPEATABLE READ makes PostgreSQL keep one snapshot; a SQLite transaction always does.
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const reads = new KyselyReads(trx);
        return {
          parties: await reads.listParties(),
          services: await reads.listServices(),
          dependencies: await reads.listDependencies(),
          subscriptions: await reads.listSubscriptions(),
        };
      });
  }

  async listParties(): Promise<Party[]> {
    const rows = await this.db.selectFrom('parties').selectAll().orderBy('id').execute();
    return rows.map(partyRowToParty);
  }

  async getParty(id: string): Promise<Party | undefined> {
    const row = await this.db
      .selectFrom('parties')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && partyRowToParty(row);
  }

  async listServices(): Promise<Service[]> {
    const rows = await this.db.selectFrom('services').selectAll().orderBy('id').execute();
    return rows.map(serviceRowToService);
  }

  async getService(id: string): Promise<Service | undefined> {
    const row = await this.db
      .selectFrom('services')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && serviceRowToService(row);
  }

  async listDependencies(filter: DependencyFilter = {}): Promise<Dependency[]> {
    let query = this.db.selectFrom('dependencies').selectAll();
    if (filter.from !== undefined) query = query.where('from_id', '=', filter.from);
    if (filter.to !== undefined) query = query.where('to_id', '=', filter.to);
    const rows = await query.orderBy('from_id').orderBy('to_id').execute();
    return rows.map(dependencyRowToDependency);
  }

  async listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    let query = this.db.selectFrom('subscriptions').selectAll();
    if (filter.party !== undefined) query = query.where('party_id', '=', filter.party);
    if (filter.service !== undefined) query = query.where('service_id', '=', filter.service);
    const rows = await query.orderBy('party_id').orderBy('service_id').execute();
    return rows.map(subscriptionRowToSubscription);
  }

  async getEntity<K extends EntityKind>(
    kind: K,
    key: string,
  ): Promise<Versioned<EntityOf<K>> | undefined> {
    const spec = TABLES[kind];
    if (spec === undefined) throw new InputError(`unknown entity kind '${String(kind)}'`);
    const values = spec.keyValues(key);
    if (values === undefined) return undefined;
    let query = this.db.selectFrom(spec.table).selectAll();
    spec.keyColumns.forEach((column, i) => {
      query = query.where(column as never, '=', values[i] as never);
    });
    const row = (await query.executeTakeFirst()) as Record<string, unknown> | undefined;
    if (row === undefined) return undefined;
    return {
      entity: spec.fromRow(row) as EntityOf<K>,
      version: row.version as number,
      createdAt: row.created_at as string,
      updatedAt: row.updated_at as string,
    };
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const limit = query.limit ?? AUDIT_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_MAX_LIMIT)
      throw new InputError(
        `limit must be a whole number from 1 to ${AUDIT_MAX_LIMIT}, not ${limit}`,
      );
    if (query.before !== undefined && !Number.isInteger(query.before))
      throw new InputError(`before must be an audit record id, not ${query.before}`);
    let select = this.db.selectFrom('audit').selectAll();
    if (query.op !== undefined) select = select.where('op', '=', query.op);
    if (typeof query.kind === 'string') select = select.where('kind', '=', query.kind);
    else if (query.kind !== undefined) select = select.where('kind', 'in', [...query.kind]);
    if (query.key !== undefined) select = select.where('key', '=', query.key);
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    if (query.before !== undefined) select = select.where('id', '<', query.before);
    const rows = await select.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(auditRowToRecord);
  }
}
