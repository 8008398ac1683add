import type BetterSqlite3 from 'better-sqlite3';
import { MAINTENANCE_LIMITS } from '../../maintenance/limits.js';
import type {
  MaintenanceWindow,
  NewMaintenanceWindow,
  WindowSchedule,
} from '../../maintenance/types.js';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import type { MaintenanceQuery } from '../maintenance-store.js';
import type { Actor } from '../store.js';

type Statement = BetterSqlite3.Statement;

/** A `maintenance_windows` row as SQLite returns it. */
export interface WindowRow {
  id: number;
  title: string;
  description: string;
  kind: string;
  starts_at: number | null;
  ends_at: number | null;
  local_start: string | null;
  zone: string | null;
  duration_minutes: number | null;
  rrule: string | null;
  first_start: number;
  last_end: number;
  author: string;
  created_at: number;
  updated_at: number;
  cancelled: number;
  version: number;
}

/** The row's columns for a window (all but the id). */
export function windowColumns(window: NewMaintenanceWindow & { version: number }) {
  const { schedule } = window;
  return {
    title: window.title,
    description: window.description,
    kind: schedule.kind,
    starts_at: schedule.kind === 'once' ? schedule.start : null,
    ends_at: schedule.kind === 'once' ? schedule.end : null,
    local_start: schedule.kind === 'recurring' ? schedule.start : null,
    zone: schedule.kind === 'recurring' ? schedule.zone : null,
    duration_minutes: schedule.kind === 'recurring' ? schedule.durationMinutes : null,
    rrule: schedule.kind === 'recurring' ? schedule.rrule : null,
    first_start: window.firstStart,
    last_end: window.lastEnd,
    author: window.author,
    created_at: window.createdAt,
    updated_at: window.updatedAt,
    cancelled: window.cancelled ? 1 : 0,
    version: window.version,
  };
}

function scheduleOf(row: WindowRow): WindowSchedule {
  return row.kind === 'once'
    ? { kind: 'once', start: row.starts_at as number, end: row.ends_at as number }
    : {
        kind: 'recurring',
        start: row.local_start as string,
        zone: row.zone as string,
        durationMinutes: row.duration_minutes as number,
        rrule: row.rrule as string,
      };
}

export function rowToWindow(row: WindowRow, services: string[]): MaintenanceWindow {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    services,
    schedule: scheduleOf(row),
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cancelled: row.cancelled === 1,
    firstStart: row.first_start,
    lastEnd: row.last_end,
    version: row.version,
  };
}

/**
 * Maintenance windows on SQLite with statements prepared once. Each write is one IMMEDIATE
 * transaction with its audit record; the caller runs it only when no other transaction holds the
 * connection (SqliteStore.exclusive).
 */
export class SqliteMaintenance {
  private readonly q: Record<string, Statement>;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => Date,
  ) {
    const prepare = (text: string) => db.prepare(text);
    const columns =
      'title, description, kind, starts_at, ends_at, local_start, zone, duration_minutes, rrule, first_start, last_end, author, created_at, updated_at, cancelled, version';
    const values = columns
      .split(', ')
      .map((c) => `@${c}`)
      .join(', ');
    this.q = {
      insert: prepare(`insert into maintenance_windows (${columns}) values (${values})`),
      update: prepare(
        `update maintenance_windows set ${columns
          .split(', ')
          .map((c) => `${c} = @${c}`)
          .join(', ')} where id = @id`,
      ),
      get: prepare('select * from maintenance_windows where id = ?'),
      services: prepare(
        'select service from maintenance_services where window_id = ? order by service',
      ).pluck(),
      deleteServices: prepare('delete from maintenance_services where window_id = ?'),
      insertService: prepare('insert into maintenance_services (window_id, service) values (?, ?)'),
      audit: prepare(
        'insert into audit (at, actor, op, kind, "key", before, after) values (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  create(window: NewMaintenanceWindow, actor: Actor): MaintenanceWindow {
    return this.transaction(() => {
      assertActor(actor);
      const { lastInsertRowid } = this.q.insert.run(windowColumns({ ...window, version: 1 }));
      const stored: MaintenanceWindow = { ...window, id: Number(lastInsertRowid), version: 1 };
      this.writeServices(stored.id, stored.services);
      this.record(actor, 'create', stored.id, null, stored);
      return stored;
    });
  }

  update(
    id: number,
    change: (current: MaintenanceWindow) => MaintenanceWindow,
    actor: Actor,
    expectVersion?: number,
  ): MaintenanceWindow {
    return this.transaction(() => {
      assertActor(actor);
      const current = this.get(id);
      if (!current) throw new NotFoundError(`no maintenance window ${id}`);
      if (expectVersion !== undefined && expectVersion !== current.version)
        throw new ConflictError(
          `maintenance window ${id} is at version ${current.version}, not ${expectVersion}: read it again`,
        );
      const proposed = change(current);
      if (
        proposed.id !== current.id ||
        proposed.author !== current.author ||
        proposed.createdAt !== current.createdAt
      )
        throw new Error(
          `maintenance window ${id}: a change may not rewrite its id, author or creation`,
        );
      const next: MaintenanceWindow = { ...proposed, version: current.version + 1 };
      this.q.update.run({ id, ...windowColumns(next) });
      if (next.services.join('\n') !== current.services.join('\n'))
        this.writeServices(id, next.services);
      this.record(actor, 'update', id, current, next);
      return next;
    });
  }

  get(id: number): MaintenanceWindow | undefined {
    const row = this.q.get.get(id) as WindowRow | undefined;
    if (!row) return undefined;
    return rowToWindow(row, this.q.services.all(id) as string[]);
  }

  list(query: MaintenanceQuery): MaintenanceWindow[] {
    const limit = query.limit ?? MAINTENANCE_LIMITS.pageDefault;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAINTENANCE_LIMITS.pageMax)
      throw new InputError(
        `limit: ${limit} is not a whole number from 1 to ${MAINTENANCE_LIMITS.pageMax}`,
      );
    if (query.after !== undefined && !(Number.isSafeInteger(query.after) && query.after >= 0))
      throw new InputError(`after: ${query.after} is not a window id`);
    const where: string[] = [];
    const params: Record<string, number | string> = { limit };
    if (query.endsAfter !== undefined) {
      where.push('w.last_end > @endsAfter');
      params.endsAfter = query.endsAfter;
    }
    if (query.endsBy !== undefined) {
      where.push('w.last_end <= @endsBy');
      params.endsBy = query.endsBy;
    }
    if (query.over !== undefined) {
      where.push('(w.cancelled = 1 or w.last_end <= @over)');
      params.over = query.over;
    }
    if (query.cancelled !== undefined) {
      where.push('w.cancelled = @cancelled');
      params.cancelled = query.cancelled ? 1 : 0;
    }
    if (query.after !== undefined) {
      where.push('w.id > @after');
      params.after = query.after;
    }
    if (query.service !== undefined) {
      where.push(
        'exists (select 1 from maintenance_services s where s.window_id = w.id and s.service = @service)',
      );
      params.service = query.service;
    }
    const text = `select * from maintenance_windows w
      ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by w.id limit @limit`;
    const rows = this.db.prepare(text).all(params) as WindowRow[];
    return rows.map((row) => rowToWindow(row, this.q.services.all(row.id) as string[]));
  }

  private writeServices(id: number, services: readonly string[]): void {
    this.q.deleteServices.run(id);
    for (const service of services) this.q.insertService.run(id, service);
  }

  private record(
    actor: Actor,
    op: 'create' | 'update',
    id: number,
    before: MaintenanceWindow | null,
    after: MaintenanceWindow,
  ): void {
    this.q.audit.run(
      this.now().toISOString(),
      actor.id,
      op,
      'maintenance',
      String(id),
      before === null ? null : JSON.stringify(before),
      JSON.stringify(after),
    );
  }

  private transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

export function assertActor(actor: Actor): void {
  if (typeof actor?.id !== 'string' || actor.id.length === 0)
    throw new InputError('an actor id is required');
}
