import type BetterSqlite3 from 'better-sqlite3';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import type { StatusPage } from '../../status-pages/types.js';
import { rowToStatusPage, type StatusPageRow, statusPageToRow } from '../status-page-rows.js';
import type { Actor, Versioned } from '../store.js';

type Statement = BetterSqlite3.Statement;

/**
 * Status pages on SQLite with statements prepared once. Each write is one IMMEDIATE transaction
 * with its audit record; the caller runs it only when no other transaction holds the connection
 * (SqliteStore.exclusive).
 */
export class SqliteStatusPages {
  private readonly q: Record<string, Statement>;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => Date,
  ) {
    const prepare = (text: string) => db.prepare(text);
    this.q = {
      insert: prepare(
        `insert into status_pages (slug, title, audience, config, created_at, updated_at, version)
         values (@slug, @title, @audience, @config, @created_at, @updated_at, @version)`,
      ),
      update: prepare(
        `update status_pages set title = @title, audience = @audience, config = @config,
           updated_at = @updated_at, version = @version
         where slug = @slug`,
      ),
      delete: prepare('delete from status_pages where slug = ?'),
      get: prepare('select * from status_pages where slug = ?'),
      list: prepare('select * from status_pages order by slug'),
      audit: prepare(
        'insert into audit (at, actor, op, kind, "key", before, after) values (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  create(page: StatusPage, actor: Actor): Versioned<StatusPage> {
    return this.transaction(() => {
      assertActor(actor);
      if (this.get(page.slug))
        throw new ConflictError(`status page '${page.slug}' exists already; change it with PUT`);
      const at = this.now();
      const row = statusPageToRow(page, { createdAt: at.getTime(), updatedAt: at.getTime() }, 1);
      this.q.insert.run(row);
      const stored = rowToStatusPage(row);
      this.record(at, actor, 'create', page.slug, null, stored.entity);
      return stored;
    });
  }

  update(page: StatusPage, actor: Actor, expectVersion?: number): Versioned<StatusPage> {
    return this.transaction(() => {
      assertActor(actor);
      const current = this.current(page.slug, expectVersion);
      const at = this.now();
      const row = statusPageToRow(
        page,
        { createdAt: Date.parse(current.createdAt), updatedAt: at.getTime() },
        current.version + 1,
      );
      this.q.update.run(row);
      const stored = rowToStatusPage(row);
      this.record(at, actor, 'update', page.slug, current.entity, stored.entity);
      return stored;
    });
  }

  delete(slug: string, actor: Actor, expectVersion?: number): void {
    this.transaction(() => {
      assertActor(actor);
      const current = this.current(slug, expectVersion);
      this.q.delete.run(slug);
      this.record(this.now(), actor, 'delete', slug, current.entity, null);
    });
  }

  get(slug: string): Versioned<StatusPage> | undefined {
    const row = this.q.get.get(slug) as StatusPageRow | undefined;
    return row && rowToStatusPage(row);
  }

  list(): Versioned<StatusPage>[] {
    return (this.q.list.all() as StatusPageRow[]).map(rowToStatusPage);
  }

  private current(slug: string, expectVersion: number | undefined): Versioned<StatusPage> {
    const current = this.get(slug);
    if (!current) throw new NotFoundError(`no status page '${slug}'`);
    if (expectVersion !== undefined && expectVersion !== current.version)
      throw new ConflictError(
        `status page '${slug}' is at version ${current.version}, not ${expectVersion}: read it again`,
      );
    return current;
  }

  private record(
    at: Date,
    actor: Actor,
    op: 'create' | 'update' | 'delete',
    slug: string,
    before: StatusPage | null,
    after: StatusPage | null,
  ): void {
    this.q.audit.run(
      at.toISOString(),
      actor.id,
      op,
      'status_page',
      slug,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    );
  }

  private transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

function assertActor(actor: Actor): void {
  if (typeof actor?.id !== 'string' || actor.id.length === 0)
    throw new InputError('an actor id is required');
}
