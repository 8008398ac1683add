import { type Kysely, sql } from 'kysely';
import { INCIDENT_LIMITS } from '../../incidents/limits.js';
import type {
  AffectedService,
  Incident,
  IncidentSummary,
  IncidentUpdate,
  NewIncident,
} from '../../incidents/types.js';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import type { IncidentQuery } from '../incident-store.js';
import type { Database } from '../rows.js';
import {
  assertActor,
  assertSameHistory,
  auditView,
  type ImpactRow,
  type IncidentRow,
  impactOf,
  rowToIncident,
  sameImpacts,
  toSummary,
  type UpdateRow,
  updateOf,
} from '../sqlite/sqlite-incidents.js';
import type { Actor } from '../store.js';

type Db = Kysely<Database>;
type SummaryRow = IncidentRow & { update_count: number };

/** As on SQLite: everything but the root-cause snapshot and the postmortem. */
const SUMMARY_COLUMNS = sql`i.id, i.title, i.status, i.visibility, i.signals,
  '[]' as root_cause, null as postmortem, i.author, i.created_at, i.updated_at, i.resolved_at,
  i.version, (select count(*) from incident_updates u where u.incident_id = i.id) as update_count`;

/**
 * Incidents on PostgreSQL, with the row mapping and checks SQLite's uses. An update reads the
 * incident FOR UPDATE: the row lock makes read-check-write one step, as SQLite's single writer.
 */
export class PostgresIncidents {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async create(incident: NewIncident, actor: Actor): Promise<Incident> {
    assertActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number }>`
        insert into incidents (title, status, visibility, signals, root_cause, postmortem, author,
          created_at, updated_at, resolved_at, version)
        values (${incident.title}, ${incident.status}, ${incident.visibility},
          ${JSON.stringify(incident.signals)}, ${JSON.stringify(incident.rootCause)},
          ${incident.postmortem}, ${incident.author}, ${incident.createdAt}, ${incident.updatedAt},
          ${incident.resolvedAt}, 1)
        returning id`.execute(trx);
      const stored: Incident = { ...incident, id: (rows[0] as { id: number }).id, version: 1 };
      await writeImpacts(trx, stored);
      await appendUpdates(trx, stored.id, 0, stored.updates);
      await this.record(trx, actor, 'create', stored.id, null, auditView(stored));
      return stored;
    });
  }

  async update(
    id: number,
    change: (current: Incident) => Incident,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Incident> {
    assertActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const current = await this.get(id, trx, true);
      if (!current) throw new NotFoundError(`no incident ${id}`);
      if (expectVersion !== undefined && expectVersion !== current.version)
        throw new ConflictError(
          `incident ${id} is at version ${current.version}, not ${expectVersion}: read it again`,
        );
      const proposed = change(current);
      assertSameHistory(current, proposed);
      const next: Incident = { ...proposed, version: current.version + 1 };
      await sql`
        update incidents set title = ${next.title}, status = ${next.status},
          visibility = ${next.visibility}, signals = ${JSON.stringify(next.signals)},
          postmortem = ${next.postmortem}, updated_at = ${next.updatedAt},
          resolved_at = ${next.resolvedAt}, version = ${next.version}
        where id = ${id}`.execute(trx);
      if (!sameImpacts(current.services, next.services)) await writeImpacts(trx, next);
      await appendUpdates(
        trx,
        id,
        current.updates.length,
        next.updates.slice(current.updates.length),
      );
      await this.record(trx, actor, 'update', id, auditView(current), auditView(next));
      return next;
    });
  }

  async get(id: number, db: Db = this.db, lock = false): Promise<Incident | undefined> {
    const { rows } = lock
      ? await sql<IncidentRow>`select * from incidents where id = ${id} for update`.execute(db)
      : await sql<IncidentRow>`select * from incidents where id = ${id}`.execute(db);
    const row = rows[0];
    if (!row) return undefined;
    const services = await impactsOf(db, [id]);
    const { rows: updates } = await sql<UpdateRow>`
      select status, message, author, at from incident_updates where incident_id = ${id}
      order by seq`.execute(db);
    return rowToIncident(row, services.get(id) ?? [], updates.map(updateOf));
  }

  async list(query: IncidentQuery): Promise<IncidentSummary[]> {
    const limit = query.limit ?? INCIDENT_LIMITS.pageDefault;
    if (!Number.isInteger(limit) || limit < 1 || limit > INCIDENT_LIMITS.pageMax)
      throw new InputError(
        `limit: ${limit} is not a whole number from 1 to ${INCIDENT_LIMITS.pageMax}`,
      );
    if (query.before !== undefined && !(Number.isSafeInteger(query.before) && query.before > 0))
      throw new InputError(`before: ${query.before} is not an incident id`);
    const where = [sql`true`];
    if (query.state === 'open') where.push(sql`i.status <> 'resolved'`);
    if (query.state === 'resolved') where.push(sql`i.status = 'resolved'`);
    if (query.visibility !== undefined) where.push(sql`i.visibility = ${query.visibility}`);
    if (query.before !== undefined) where.push(sql`i.id < ${query.before}`);
    if (query.service !== undefined)
      where.push(sql`exists (select 1 from incident_services s
        where s.incident_id = i.id and s.service = ${query.service})`);
    const { rows } = await sql<SummaryRow>`
      select ${SUMMARY_COLUMNS} from incidents i where ${sql.join(where, sql` and `)}
      order by i.id desc limit ${limit}`.execute(this.db);
    return this.withImpacts(rows);
  }

  async listOpen(): Promise<IncidentSummary[]> {
    const { rows } = await sql<SummaryRow>`
      select ${SUMMARY_COLUMNS} from incidents i where i.status <> 'resolved'
      order by i.id`.execute(this.db);
    return this.withImpacts(rows);
  }

  async missingSignals(ids: readonly number[]): Promise<number[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    const { rows } = await sql<{ id: number }>`
      select v.id from unnest(${wanted}::int8[]) as v(id)
      where not exists (select 1 from signals s where s.id = v.id) order by v.id`.execute(this.db);
    return rows.map((r) => r.id);
  }

  private async withImpacts(rows: SummaryRow[]): Promise<IncidentSummary[]> {
    const impacts = await impactsOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => toSummary(row, impacts.get(row.id) ?? []));
  }

  private async record(
    db: Db,
    actor: Actor,
    op: 'create' | 'update',
    id: number,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await sql`insert into audit (at, actor, op, kind, "key", before, after)
      values (${this.now().toISOString()}, ${actor.id}, ${op}, 'incident', ${String(id)},
        ${before === null ? null : JSON.stringify(before)}, ${JSON.stringify(after)})`.execute(db);
  }
}

/** The declared impacts of the incidents, each list by service, in one query. */
async function impactsOf(db: Db, ids: readonly number[]): Promise<Map<number, AffectedService[]>> {
  const impacts = new Map<number, AffectedService[]>();
  if (ids.length === 0) return impacts;
  const { rows } = await sql<ImpactRow>`
    select incident_id, service, impact from incident_services
    where incident_id = any(${[...ids]}::int8[]) order by incident_id, service`.execute(db);
  for (const row of rows) {
    const list = impacts.get(row.incident_id) ?? [];
    list.push(impactOf(row));
    impacts.set(row.incident_id, list);
  }
  return impacts;
}

async function writeImpacts(db: Db, incident: Incident): Promise<void> {
  await sql`delete from incident_services where incident_id = ${incident.id}`.execute(db);
  if (incident.services.length === 0) return;
  await sql`insert into incident_services (incident_id, service, impact)
    select ${incident.id}, v.service, v.impact
    from unnest(${incident.services.map((s) => s.service)}::text[],
      ${incident.services.map((s) => s.impact)}::text[]) as v(service, impact)`.execute(db);
}

async function appendUpdates(
  db: Db,
  id: number,
  from: number,
  updates: readonly IncidentUpdate[],
): Promise<void> {
  for (const [i, u] of updates.entries())
    await sql`insert into incident_updates (incident_id, seq, status, message, author, at)
      values (${id}, ${from + i + 1}, ${u.status}, ${u.message}, ${u.author}, ${u.at})`.execute(db);
}
