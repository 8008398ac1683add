import type { Kysely, Transaction } from 'kysely';
import { ConflictError, InputError, NotFoundError } from '../model/errors.js';
import type { StatusPage } from '../status-pages/types.js';
import type { Database } from './rows.js';
import { rowToStatusPage, type StatusPageRow, statusPageToRow } from './status-page-rows.js';
import type { Actor, Versioned } from './store.js';

type Db = Database & { status_pages: StatusPageRow };

/**
 * Status pages through Kysely, in the same SQL for every database: each write is one transaction
 * whose row change is conditional (insert unless the slug exists, update or delete only at the
 * version read), so two writers cannot both win without a lock. PostgreSQL uses it; SQLite has
 * prepared statements of its own (sqlite/sqlite-status-pages.ts).
 */
export class KyselyStatusPages {
  private readonly db: Kysely<Db>;

  constructor(
    db: Kysely<Database>,
    private readonly now: () => Date,
  ) {
    this.db = db.withTables<{ status_pages: StatusPageRow }>();
  }

  create(page: StatusPage, actor: Actor): Promise<Versioned<StatusPage>> {
    assertActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const at = this.now();
      const row = statusPageToRow(page, { createdAt: at.getTime(), updatedAt: at.getTime() }, 1);
      const result = await trx
        .insertInto('status_pages')
        .values(row)
        .onConflict((c) => c.column('slug').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0)
        throw new ConflictError(`status page '${page.slug}' exists already; change it with PUT`);
      const stored = rowToStatusPage(row);
      await record(trx, at, actor, 'create', page.slug, null, stored.entity);
      return stored;
    });
  }

  update(page: StatusPage, actor: Actor, expectVersion?: number): Promise<Versioned<StatusPage>> {
    assertActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const current = await this.current(trx, page.slug, expectVersion);
      const at = this.now();
      const row = statusPageToRow(
        page,
        { createdAt: Date.parse(current.createdAt), updatedAt: at.getTime() },
        current.version + 1,
      );
      const result = await trx
        .updateTable('status_pages')
        .set({
          title: row.title,
          audience: row.audience,
          config: row.config,
          updated_at: row.updated_at,
          version: row.version,
        })
        .where('slug', '=', page.slug)
        .where('version', '=', current.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw changedMeanwhile(page.slug);
      const stored = rowToStatusPage(row);
      await record(trx, at, actor, 'update', page.slug, current.entity, stored.entity);
      return stored;
    });
  }

  delete(slug: string, actor: Actor, expectVersion?: number): Promise<void> {
    assertActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const current = await this.current(trx, slug, expectVersion);
      const result = await trx
        .deleteFrom('status_pages')
        .where('slug', '=', slug)
        .where('version', '=', current.version)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) throw changedMeanwhile(slug);
      await record(trx, this.now(), actor, 'delete', slug, current.entity, null);
    });
  }

  async get(slug: string): Promise<Versioned<StatusPage> | undefined> {
    const row = await this.db
      .selectFrom('status_pages')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row && rowToStatusPage(row);
  }

  async list(): Promise<Versioned<StatusPage>[]> {
    const rows = await this.db.selectFrom('status_pages').selectAll().orderBy('slug').execute();
    return rows.map(rowToStatusPage);
  }

  private async current(
    trx: Transaction<Db>,
    slug: string,
    expectVersion: number | undefined,
  ): Promise<Versioned<StatusPage>> {
    const row = await trx
      .selectFrom('status_pages')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no status page '${slug}'`);
    const current = rowToStatusPage(row);
    if (expectVersion !== undefined && expectVersion !== current.version)
      throw new ConflictError(
        `status page '${slug}' is at version ${current.version}, not ${expectVersion}: read it again`,
      );
    return current;
  }
}

function changedMeanwhile(slug: string): ConflictError {
  return new ConflictError(`status page '${slug}' changed meanwhile: read it again`);
}

async function record(
  trx: Transaction<Db>,
  at: Date,
  actor: Actor,
  op: 'create' | 'update' | 'delete',
  slug: string,
  before: StatusPage | null,
  after: StatusPage | null,
): Promise<void> {
  await trx
    .insertInto('audit')
    .values({
      at: at.toISOString(),
      actor: actor.id,
      op,
      kind: 'status_page',
      key: slug,
      before: before === null ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after),
    })
    .execute();
}

function assertActor(actor: Actor): void {
  if (typeof actor?.id !== 'string' || actor.id.length === 0)
    throw new InputError('an actor id is required');
}
