import { type Kysely, sql } from 'kysely';
import { MAINTENANCE_LIMITS } from '../../maintenance/limits.js';
import type { MaintenanceWindow, NewMaintenanceWindow } from '../../maintenance/types.js';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import type { MaintenanceQuery } from '../maintenance-store.js';
import type { Database } from '../rows.js';
import {
  assertActor,
  rowToWindow,
  type WindowRow,
  windowColumns,
} from '../sqlite/sqlite-maintenance.js';
import type { Actor } from '../store.js';

type Db = Kysely<Database>;

/**
 * Maintenance windows on PostgreSQL, with SQLite's row mapping. An update reads the window FOR
 * UPDATE, so read-check-write is one step, as under SQLite's single writer.
 */
export class PostgresMaintenance {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async create(window: NewMaintenanceWindow, actor: Actor): Promise<MaintenanceWindow> {
    assertActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const columns = windowColumns({ ...window, version: 1 });
      const names = Object.keys(columns);
      const { rows } = await sql<{ id: number }>`
        insert into maintenance_windows (${sql.join(names.map((c) => sql.ref(c)))})
        values (${sql.join(Object.values(columns))}) returning id`.execute(trx);
      const stored: MaintenanceWindow = {
        ...window,
        id: (rows[0] as { id: number }).id,
        version: 1,
      };
      await writeServices(trx, stored.id, stored.services);
      await this.record(trx, actor, 'create', stored.id, null, stored);
      return stored;
    });
  }

  async update(
    id: number,
    change: (current: MaintenanceWindow) => MaintenanceWindow,
    actor: Actor,
    expectVersion?: number,
  ): Promise<MaintenanceWindow> {
    assertActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const current = await this.get(id, trx, true);
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
      const assignments = Object.entries(windowColumns(next)).map(
        ([column, value]) => sql`${sql.ref(column)} = ${value}`,
      );
      await sql`update maintenance_windows set ${sql.join(assignments)} where id = ${id}`.execute(
        trx,
      );
      if (next.services.join('\n') !== current.services.join('\n'))
        await writeServices(trx, id, next.services);
      await this.record(trx, actor, 'update', id, current, next);
      return next;
    });
  }

  async get(id: number, db: Db = this.db, lock = false): Promise<MaintenanceWindow | undefined> {
    const { rows } = lock
      ? await sql<WindowRow>`select * from maintenance_windows where id = ${id} for update`.execute(
          db,
        )
      : await sql<WindowRow>`select * from maintenance_windows where id = ${id}`.execute(db);
    const row = rows[0];
    if (!row) return undefined;
    return rowToWindow(row, (await servicesOf(db, [id])).get(id) ?? []);
  }

  async list(query: MaintenanceQuery): Promise<MaintenanceWindow[]> {
    const limit = query.limit ?? MAINTENANCE_LIMITS.pageDefault;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAINTENANCE_LIMITS.pageMax)
      throw new InputError(
        `limit: ${limit} is not a whole number from 1 to ${MAINTENANCE_LIMITS.pageMax}`,
      );
    if (query.after !== undefined && !(Number.isSafeInteger(query.after) && query.after >= 0))
      throw new InputError(`after: ${query.after} is not a window id`);
    const where = [sql`true`];
    if (query.endsAfter !== undefined) where.push(sql`w.last_end > ${query.endsAfter}`);
    if (query.endsBy !== undefined) where.push(sql`w.last_end <= ${query.endsBy}`);
    if (query.over !== undefined) where.push(sql`(w.cancelled = 1 or w.last_end <= ${query.over})`);
    if (query.cancelled !== undefined) where.push(sql`w.cancelled = ${query.cancelled ? 1 : 0}`);
    if (query.after !== undefined) where.push(sql`w.id > ${query.after}`);
    if (query.service !== undefined)
      where.push(sql`exists (select 1 from maintenance_services s
        where s.window_id = w.id and s.service = ${query.service})`);
    const { rows } = await sql<WindowRow>`
      select * from maintenance_windows w where ${sql.join(where, sql` and `)}
      order by w.id limit ${limit}`.execute(this.db);
    const services = await servicesOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => rowToWindow(row, services.get(row.id) ?? []));
  }

  private async record(
    db: Db,
    actor: Actor,
    op: 'create' | 'update',
    id: number,
    before: MaintenanceWindow | null,
    after: MaintenanceWindow,
  ): Promise<void> {
    await sql`insert into audit (at, actor, op, kind, "key", before, after)
      values (${this.now().toISOString()}, ${actor.id}, ${op}, 'maintenance', ${String(id)},
        ${before === null ? null : JSON.stringify(before)}, ${JSON.stringify(after)})`.execute(db);
  }
}

/** The covered services of the windows, each list by service id, in one query. */
async function servicesOf(db: Db, ids: readonly number[]): Promise<Map<number, string[]>> {
  const services = new Map<number, string[]>();
  if (ids.length === 0) return services;
  const { rows } = await sql<{ window_id: number; service: string }>`
    select window_id, service from maintenance_services
    where window_id = any(${[...ids]}::int8[]) order by window_id, service`.execute(db);
  for (const row of rows)
    services.set(row.window_id, [...(services.get(row.window_id) ?? []), row.service]);
  return services;
}

async function writeServices(db: Db, id: number, services: readonly string[]): Promise<void> {
  await sql`delete from maintenance_services where window_id = ${id}`.execute(db);
  if (services.length === 0) return;
  await sql`insert into maintenance_services (window_id, service)
    select ${id}, s from unnest(${[...services]}::text[]) as s`.execute(db);
}
