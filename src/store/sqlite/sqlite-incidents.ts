import type BetterSqlite3 from 'better-sqlite3';
import { INCIDENT_LIMITS } from '../../incidents/limits.js';
import {
  type AffectedService,
  type Incident,
  type IncidentImpact,
  type IncidentStatus,
  type IncidentSummary,
  type IncidentUpdate,
  type IncidentVisibility,
  type NewIncident,
  type RootCause,
  summarize,
} from '../../incidents/types.js';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import type { IncidentQuery } from '../incident-store.js';
import type { Actor } from '../store.js';

type Statement = BetterSqlite3.Statement;

/** An `incidents` row as SQLite returns it. */
export interface IncidentRow {
  id: number;
  title: string;
  status: string;
  visibility: string;
  signals: string;
  root_cause: string;
  postmortem: string | null;
  author: string;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  version: number;
}

export interface ImpactRow {
  incident_id: number;
  service: string;
  impact: string;
}

export interface UpdateRow {
  status: string;
  message: string;
  author: string;
  at: number;
}

/** The columns lists read: everything but the root-cause snapshot and the postmortem. */
const SUMMARY_COLUMNS = `i.id, i.title, i.status, i.visibility, i.signals, '[]' as root_cause,
  null as postmortem, i.author, i.created_at, i.updated_at, i.resolved_at, i.version,
  (select count(*) from incident_updates u where u.incident_id = i.id) as update_count`;

export function rowToIncident(
  row: IncidentRow,
  services: AffectedService[],
  updates: IncidentUpdate[],
): Incident {
  return {
    id: row.id,
    title: row.title,
    status: row.status as IncidentStatus,
    visibility: row.visibility as IncidentVisibility,
    services,
    signals: JSON.parse(row.signals) as number[],
    updates,
    rootCause: JSON.parse(row.root_cause) as RootCause[],
    postmortem: row.postmortem,
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    version: row.version,
  };
}

export function impactOf(row: ImpactRow): AffectedService {
  return { service: row.service, impact: row.impact as IncidentImpact };
}

export function updateOf(row: UpdateRow): IncidentUpdate {
  return {
    status: row.status as IncidentStatus,
    message: row.message,
    author: row.author,
    at: row.at,
  };
}

/**
 * What the audit log keeps of an incident: all but the earlier log entries and the root-cause
 * trees (long, and never changed after creation), with the newest log entry.
 */
export function auditView(incident: Incident): unknown {
  return {
    ...summarize(incident),
    postmortem: incident.postmortem,
    lastUpdate: incident.updates.at(-1) ?? null,
  };
}

/**
 * Incidents on SQLite with statements prepared once. Each write is one IMMEDIATE transaction
 * with its audit record; the caller runs it only when no other transaction holds the connection
 * (SqliteStore.exclusive).
 */
export class SqliteIncidents {
  private readonly q: Record<string, Statement>;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => Date,
  ) {
    const prepare = (text: string) => db.prepare(text);
    this.q = {
      insert: prepare(
        `insert into incidents (title, status, visibility, signals, root_cause, postmortem, author,
           created_at, updated_at, resolved_at, version)
         values (@title, @status, @visibility, @signals, @root_cause, @postmortem, @author,
           @created_at, @updated_at, @resolved_at, @version)`,
      ),
      update: prepare(
        `update incidents set title = @title, status = @status, visibility = @visibility,
           signals = @signals, postmortem = @postmortem, updated_at = @updated_at,
           resolved_at = @resolved_at, version = @version
         where id = @id`,
      ),
      get: prepare('select * from incidents where id = ?'),
      impacts: prepare(
        'select incident_id, service, impact from incident_services where incident_id = ? order by service',
      ),
      deleteImpacts: prepare('delete from incident_services where incident_id = ?'),
      insertImpact: prepare(
        'insert into incident_services (incident_id, service, impact) values (?, ?, ?)',
      ),
      updates: prepare(
        'select status, message, author, at from incident_updates where incident_id = ? order by seq',
      ),
      insertUpdate: prepare(
        `insert into incident_updates (incident_id, seq, status, message, author, at)
         values (?, ?, ?, ?, ?, ?)`,
      ),
      openSummaries: prepare(
        `select ${SUMMARY_COLUMNS} from incidents i where i.status <> 'resolved' order by i.id`,
      ),
      openImpacts: prepare(
        `select s.incident_id, s.service, s.impact from incident_services s
         join incidents i on i.id = s.incident_id
         where i.status <> 'resolved' order by s.incident_id, s.service`,
      ),
      signalExists: prepare('select 1 from signals where id = ?').pluck(),
      audit: prepare(
        'insert into audit (at, actor, op, kind, "key", before, after) values (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  create(incident: NewIncident, actor: Actor): Incident {
    return this.transaction(() => {
      assertActor(actor);
      const { lastInsertRowid } = this.q.insert.run({
        title: incident.title,
        status: incident.status,
        visibility: incident.visibility,
        signals: JSON.stringify(incident.signals),
        root_cause: JSON.stringify(incident.rootCause),
        postmortem: incident.postmortem,
        author: incident.author,
        created_at: incident.createdAt,
        updated_at: incident.updatedAt,
        resolved_at: incident.resolvedAt,
        version: 1,
      });
      const stored: Incident = { ...incident, id: Number(lastInsertRowid), version: 1 };
      this.writeImpacts(stored);
      this.appendUpdates(stored.id, 0, stored.updates);
      this.record(actor, 'create', stored.id, null, auditView(stored));
      return stored;
    });
  }

  update(
    id: number,
    change: (current: Incident) => Incident,
    actor: Actor,
    expectVersion?: number,
  ): Incident {
    return this.transaction(() => {
      assertActor(actor);
      const current = this.get(id);
      if (!current) throw new NotFoundError(`no incident ${id}`);
      if (expectVersion !== undefined && expectVersion !== current.version)
        throw new ConflictError(
          `incident ${id} is at version ${current.version}, not ${expectVersion}: read it again`,
        );
      const proposed = change(current);
      assertSameHistory(current, proposed);
      const next: Incident = { ...proposed, version: current.version + 1 };
      this.q.update.run({
        id,
        title: next.title,
        status: next.status,
        visibility: next.visibility,
        signals: JSON.stringify(next.signals),
        postmortem: next.postmortem,
        updated_at: next.updatedAt,
        resolved_at: next.resolvedAt,
        version: next.version,
      });
      if (!sameImpacts(current.services, next.services)) this.writeImpacts(next);
      this.appendUpdates(id, current.updates.length, next.updates.slice(current.updates.length));
      this.record(actor, 'update', id, auditView(current), auditView(next));
      return next;
    });
  }

  get(id: number): Incident | undefined {
    const row = this.q.get.get(id) as IncidentRow | undefined;
    if (!row) return undefined;
    const services = (this.q.impacts.all(id) as ImpactRow[]).map(impactOf);
    const updates = (this.q.updates.all(id) as UpdateRow[]).map(updateOf);
    return rowToIncident(row, services, updates);
  }

  list(query: IncidentQuery): IncidentSummary[] {
    const limit = query.limit ?? INCIDENT_LIMITS.pageDefault;
    if (!Number.isInteger(limit) || limit < 1 || limit > INCIDENT_LIMITS.pageMax)
      throw new InputError(
        `limit: ${limit} is not a whole number from 1 to ${INCIDENT_LIMITS.pageMax}`,
      );
    if (query.before !== undefined && !(Number.isSafeInteger(query.before) && query.before > 0))
      throw new InputError(`before: ${query.before} is not an incident id`);
    const where: string[] = [];
    if (query.state === 'open') where.push(`i.status <> 'resolved'`);
    if (query.state === 'resolved') where.push(`i.status = 'resolved'`);
    if (query.visibility !== undefined) where.push('i.visibility = @visibility');
    if (query.before !== undefined) where.push('i.id < @before');
    if (query.service !== undefined)
      where.push(
        'exists (select 1 from incident_services s where s.incident_id = i.id and s.service = @service)',
      );
    const text = `select ${SUMMARY_COLUMNS} from incidents i
      ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by i.id desc limit @limit`;
    const rows = this.db.prepare(text).all({
      limit,
      ...(query.visibility !== undefined && { visibility: query.visibility }),
      ...(query.before !== undefined && { before: query.before }),
      ...(query.service !== undefined && { service: query.service }),
    }) as (IncidentRow & { update_count: number })[];
    return this.withImpacts(rows);
  }

  listOpen(): IncidentSummary[] {
    const rows = this.q.openSummaries.all() as (IncidentRow & { update_count: number })[];
    const impacts = new Map<number, AffectedService[]>();
    for (const row of this.q.openImpacts.all() as ImpactRow[]) {
      const list = impacts.get(row.incident_id) ?? [];
      list.push(impactOf(row));
      impacts.set(row.incident_id, list);
    }
    return rows.map((row) => toSummary(row, impacts.get(row.id) ?? []));
  }

  missingSignals(ids: readonly number[]): number[] {
    return [...new Set(ids)]
      .filter((id) => this.q.signalExists.get(id) === undefined)
      .sort((a, b) => a - b);
  }

  private withImpacts(rows: (IncidentRow & { update_count: number })[]): IncidentSummary[] {
    return rows.map((row) =>
      toSummary(row, (this.q.impacts.all(row.id) as ImpactRow[]).map(impactOf)),
    );
  }

  private writeImpacts(incident: Incident): void {
    this.q.deleteImpacts.run(incident.id);
    for (const affected of incident.services)
      this.q.insertImpact.run(incident.id, affected.service, affected.impact);
  }

  private appendUpdates(id: number, from: number, updates: readonly IncidentUpdate[]): void {
    updates.forEach((u, i) => {
      this.q.insertUpdate.run(id, from + i + 1, u.status, u.message, u.author, u.at);
    });
  }

  private record(
    actor: Actor,
    op: 'create' | 'update',
    id: number,
    before: unknown,
    after: unknown,
  ): void {
    this.q.audit.run(
      this.now().toISOString(),
      actor.id,
      op,
      'incident',
      String(id),
      before === null ? null : JSON.stringify(before),
      JSON.stringify(after),
    );
  }

  private transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

export function toSummary(
  row: IncidentRow & { update_count: number },
  services: AffectedService[],
): IncidentSummary {
  const {
    updates: _updates,
    rootCause: _rootCause,
    postmortem: _postmortem,
    ...rest
  } = rowToIncident(row, services, []);
  return { ...rest, updateCount: row.update_count };
}

export function assertActor(actor: Actor): void {
  if (typeof actor?.id !== 'string' || actor.id.length === 0)
    throw new InputError('an actor id is required');
}

export function sameImpacts(a: readonly AffectedService[], b: readonly AffectedService[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => x.service === b[i]?.service && x.impact === b[i]?.impact)
  );
}

/** A change that rewrites what is history (the log, who opened it, when, why) is a bug. */
export function assertSameHistory(current: Incident, next: Incident): void {
  const kept =
    next.id === current.id &&
    next.author === current.author &&
    next.createdAt === current.createdAt &&
    next.rootCause === current.rootCause &&
    next.updates.length >= current.updates.length &&
    current.updates.every((u, i) => next.updates[i] === u);
  if (!kept) throw new Error(`incident ${current.id}: a change may only append to the log`);
}
