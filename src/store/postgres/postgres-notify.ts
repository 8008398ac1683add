import { type Kysely, sql } from 'kysely';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import { dueAfter, mergeEvents, tellsNothing } from '../../notify/debounce.js';
import type { NotifyEvent } from '../../notify/events.js';
import type {
  Delivery,
  NewSubscriber,
  StoredSubscriber,
  SubscriberChange,
} from '../../notify/subscriber.js';
import { SIGN_UP_INDEX } from '../migrations/0013-one-sign-up.js';
import {
  asciiLower,
  auditedSubscriber,
  type DeliveryRow,
  deliveryRowToDelivery,
  eventsColumn,
  type SubscriberRow,
  signUpTaken,
  subscriberRowToSubscriber,
} from '../notify-rows.js';
import {
  type AttemptResult,
  DELIVERY_DEFAULT_LIMIT,
  DELIVERY_MAX_LIMIT,
  type DeliveryQuery,
  type EnqueueOutcome,
  type FirstMessage,
  type NewDelivery,
  type SubscriberQuery,
} from '../notify-store.js';
import type { Database } from '../rows.js';
import type { Actor, AuditRecord } from '../store.js';
import { lockFor } from './postgres-locks.js';

type Db = Kysely<Database>;

/**
 * Subscribers and the outbox on PostgreSQL, behaving as SQLite's (sqlite-notify.ts). Where
 * SQLite's single writer made a read-then-write safe: subscriber updates lock the row (FOR
 * UPDATE); enqueueing takes the schema's notify lock (the debounce reads the latest message of a
 * key, then merges or inserts); claiming skips rows another worker holds (SKIP LOCKED), so
 * several workers never take one message twice.
 */
export class PostgresNotify {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async createSubscriber(
    subscriber: NewSubscriber,
    actor: Actor,
    first?: FirstMessage,
  ): Promise<StoredSubscriber> {
    checkActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const at = this.now();
      const { rows } = await unlessSignUpTaken(
        subscriber,
        sql<SubscriberRow>`
          insert into notify_subscribers (kind, name, target, sealed, services, page, events,
            internal, state, origin, disabled_reason, failures, created_at, updated_at, version)
          values (${subscriber.kind}, ${subscriber.name}, ${subscriber.target},
            ${subscriber.sealed}, ${JSON.stringify(subscriber.services)}, ${subscriber.page},
            ${eventsColumn(subscriber.events)}, ${subscriber.internal}, ${subscriber.state},
            ${subscriber.origin ?? 'api'}, null, 0, ${at.getTime()}, ${at.getTime()}, 1)
          returning *`.execute(trx),
      );
      const created = subscriberRowToSubscriber(rows[0] as SubscriberRow);
      await audit(trx, at, actor, 'create', created.id, null, auditedSubscriber(created));
      // Without a key it is never merged: a plain insert, no notify lock needed. A throw here
      // rolls the subscriber back too.
      if (first)
        await enqueueOne(
          trx,
          { subscriber: created.id, type: first.type, key: null, event: first.event },
          first.now,
          0,
        );
      return created;
    });
  }

  async getSubscriber(id: number, db: Db = this.db, lock = false) {
    const { rows } = lock
      ? await sql<SubscriberRow>`select * from notify_subscribers where id = ${id} for update`.execute(
          db,
        )
      : await sql<SubscriberRow>`select * from notify_subscribers where id = ${id}`.execute(db);
    const row = rows[0];
    return row && subscriberRowToSubscriber(row);
  }

  async listSubscribers(query: SubscriberQuery): Promise<StoredSubscriber[]> {
    const where = [sql`true`];
    if (query.state !== undefined) where.push(sql`state = ${query.state}`);
    if (query.kind !== undefined) where.push(sql`kind = ${query.kind}`);
    if (query.page !== undefined) where.push(sql`page = ${query.page}`);
    // The expression of the index notify_subscribers_page_target (migration 0011): under the C
    // collation lower() changes ASCII letters only, as SQLite's does.
    if (query.target !== undefined)
      where.push(sql`lower(target collate "C") = ${asciiLower(query.target)}`);
    const { rows } = await sql<SubscriberRow>`
      select * from notify_subscribers where ${sql.join(where, sql` and `)}
      order by id`.execute(this.db);
    return rows.map(subscriberRowToSubscriber);
  }

  async updateSubscriber(
    id: number,
    change: SubscriberChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<StoredSubscriber> {
    checkActor(actor);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.checked(trx, id, expectVersion);
      const at = this.now();
      const state = change.state ?? before.state;
      const reactivated = state === 'active' && before.state !== 'active';
      const reason = reactivated
        ? null
        : change.disabledReason === undefined
          ? before.disabledReason
          : change.disabledReason;
      const page = change.page === undefined ? before.page : change.page;
      const { rows } = await unlessSignUpTaken(
        { page, target: before.target },
        sql<SubscriberRow>`
          update notify_subscribers set name = ${change.name ?? before.name},
            services = ${JSON.stringify(change.services ?? before.services)}, page = ${page},
            events = ${eventsColumn(change.events ?? before.events)},
            internal = ${change.internal ?? before.internal}, state = ${state},
            disabled_reason = ${reason}, failures = ${reactivated ? 0 : before.failures},
            updated_at = ${at.getTime()}, version = version + 1
          where id = ${id} returning *`.execute(trx),
      );
      const after = subscriberRowToSubscriber(rows[0] as SubscriberRow);
      await audit(
        trx,
        at,
        actor,
        'update',
        id,
        auditedSubscriber(before),
        auditedSubscriber(after),
      );
      return after;
    });
  }

  async deleteSubscriber(id: number, actor: Actor, expectVersion?: number): Promise<void> {
    checkActor(actor);
    await this.db.transaction().execute(async (trx) => {
      const before = await this.checked(trx, id, expectVersion);
      await sql`delete from notify_subscribers where id = ${id}`.execute(trx);
      await audit(trx, this.now(), actor, 'delete', id, auditedSubscriber(before), null);
    });
  }

  enqueue(
    deliveries: readonly NewDelivery[],
    options: { now: number; debounceMs: number },
  ): Promise<EnqueueOutcome[]> {
    return this.db.transaction().execute(async (trx) => {
      await lockFor(trx, 'notify');
      const outcomes: EnqueueOutcome[] = [];
      for (const d of deliveries)
        outcomes.push(await enqueueOne(trx, d, options.now, options.debounceMs));
      return outcomes;
    });
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<Delivery[]> {
    const { rows } = await sql<DeliveryRow & { was: number }>`
      with due as (
        select id, next_attempt_at as was from notify_deliveries
        where status = 'pending' and next_attempt_at <= ${now}
        order by next_attempt_at, id limit ${limit} for update skip locked
      ), leased as (
        update notify_deliveries d set next_attempt_at = ${now + leaseMs}
        from due where d.id = due.id returning d.*, due.was
      )
      select * from leased order by was, id`.execute(this.db);
    return rows.map(({ was: _was, ...row }) => deliveryRowToDelivery(row));
  }

  finish(
    id: number,
    result: AttemptResult,
    options: { now: number; disableAfter: number },
  ): Promise<{ delivery: Delivery; disabled: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const { now } = options;
      const status = result.ok ? 'delivered' : result.retryAt === null ? 'failed' : 'pending';
      const { rows } = await sql<DeliveryRow>`
        update notify_deliveries set status = ${status}, attempts = attempts + 1,
          next_attempt_at = ${result.ok || result.retryAt === null ? now : result.retryAt},
          last_error = ${result.ok ? null : result.error},
          response_status = ${result.responseStatus}, updated_at = ${now}
        where id = ${id} returning *`.execute(trx);
      const row = rows[0];
      if (!row) throw new NotFoundError(`no delivery ${id}`);
      let disabled = false;
      if (result.ok) {
        await sql`update notify_subscribers set failures = 0
          where id = ${row.subscriber} and failures <> 0`.execute(trx);
      } else if (result.counted !== false) {
        const counted = await sql<{ failures: number }>`
          update notify_subscribers set failures = failures + 1 where id = ${row.subscriber}
          returning failures`.execute(trx);
        const failures = counted.rows[0]?.failures;
        if (failures !== undefined && failures >= options.disableAfter) {
          const before = (await this.getSubscriber(row.subscriber, trx)) as StoredSubscriber;
          if (before.state === 'active') {
            const reason = `${failures} failed attempts in a row; the last: ${result.error}`;
            await sql`update notify_subscribers set state = 'disabled', disabled_reason = ${reason},
                updated_at = ${now}, version = version + 1
              where id = ${row.subscriber}`.execute(trx);
            await sql`update notify_deliveries set status = 'cancelled',
                last_error = 'the subscriber was disabled', updated_at = ${now}
              where subscriber = ${row.subscriber} and status = 'pending'`.execute(trx);
            const after = (await this.getSubscriber(row.subscriber, trx)) as StoredSubscriber;
            await audit(
              trx,
              new Date(now),
              { id: 'system:notify' },
              'update',
              row.subscriber,
              auditedSubscriber(before),
              auditedSubscriber(after),
            );
            disabled = true;
          }
        }
      }
      const delivery = await getDelivery(trx, id);
      return { delivery: delivery as Delivery, disabled };
    });
  }

  getDelivery(id: number): Promise<Delivery | undefined> {
    return getDelivery(this.db, id);
  }

  async listDeliveries(query: DeliveryQuery): Promise<Delivery[]> {
    const limit = query.limit ?? DELIVERY_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > DELIVERY_MAX_LIMIT)
      throw new InputError('the delivery log query has 1 problem', [
        {
          path: 'limit',
          message: `'${String(limit)}' is not a whole number from 1 to ${DELIVERY_MAX_LIMIT}`,
        },
      ]);
    const where = [sql`true`];
    if (query.subscriber !== undefined) where.push(sql`subscriber = ${query.subscriber}`);
    if (query.status !== undefined) where.push(sql`status = ${query.status}`);
    if (query.before !== undefined) where.push(sql`id < ${query.before}`);
    const { rows } = await sql<DeliveryRow>`
      select * from notify_deliveries where ${sql.join(where, sql` and `)}
      order by id desc limit ${limit}`.execute(this.db);
    return rows.map(deliveryRowToDelivery);
  }

  private async checked(
    db: Db,
    id: number,
    expectVersion: number | undefined,
  ): Promise<StoredSubscriber> {
    const current = await this.getSubscriber(id, db, true);
    if (!current) throw new NotFoundError(`no subscriber ${id}`);
    if (expectVersion !== undefined && current.version !== expectVersion)
      throw new ConflictError(
        `subscriber ${id} is at version ${current.version}, not ${expectVersion}`,
      );
    return current;
  }
}

async function enqueueOne(
  db: Db,
  delivery: NewDelivery,
  now: number,
  debounceMs: number,
): Promise<EnqueueOutcome> {
  const latest =
    delivery.key === null
      ? undefined
      : (
          await sql<DeliveryRow>`
            select * from notify_deliveries where subscriber = ${delivery.subscriber}
              and key = ${delivery.key} and status not in ('skipped', 'cancelled')
            order by id desc limit 1`.execute(db)
        ).rows[0];
  // As on SQLite: merge only into a message no worker has taken (a claim moves next_attempt_at).
  const waiting =
    latest?.status === 'pending' &&
    latest.attempts === 0 &&
    latest.next_attempt_at === latest.due_at;
  if (latest && waiting) {
    const merged = mergeEvents(
      JSON.parse(latest.event) as NotifyEvent,
      delivery.event as NotifyEvent,
    );
    const skipped = tellsNothing(merged);
    await sql`update notify_deliveries set event = ${JSON.stringify(merged)},
        status = ${skipped ? 'skipped' : 'pending'},
        last_error = ${skipped ? 'back where it was before the message went out: nothing to tell' : null},
        updated_at = ${now}
      where id = ${latest.id}`.execute(db);
    return {
      kind: skipped ? 'skipped' : 'merged',
      delivery: (await getDelivery(db, latest.id)) as Delivery,
    };
  }
  const due = dueAfter(now, latest?.due_at, debounceMs);
  const { rows } = await sql<DeliveryRow>`
    insert into notify_deliveries (subscriber, type, key, event, status, attempts, due_at,
      next_attempt_at, created_at, updated_at)
    values (${delivery.subscriber}, ${delivery.type}, ${delivery.key},
      ${JSON.stringify(delivery.event)}, 'pending', 0, ${due}, ${due}, ${now}, ${now})
    returning *`.execute(db);
  return { kind: 'queued', delivery: deliveryRowToDelivery(rows[0] as DeliveryRow) };
}

async function getDelivery(db: Db, id: number): Promise<Delivery | undefined> {
  const { rows } = await sql<DeliveryRow>`select * from notify_deliveries where id = ${id}`.execute(
    db,
  );
  const row = rows[0];
  return row && deliveryRowToDelivery(row);
}

async function audit(
  db: Db,
  at: Date,
  actor: Actor,
  op: AuditRecord['op'],
  id: number,
  before: unknown,
  after: unknown,
): Promise<void> {
  await sql`insert into audit (at, actor, op, kind, "key", before, after)
    values (${at.toISOString()}, ${actor.id}, ${op}, 'subscriber', ${String(id)},
      ${before === null ? null : JSON.stringify(before)},
      ${after === null ? null : JSON.stringify(after)})`.execute(db);
}

/**
 * An insert or update of a subscriber; the unique index on sign-ups refusing it (a second sign-up
 * of the address for the page) becomes a ConflictError. The transaction is aborted either way.
 */
async function unlessSignUpTaken<T>(
  subscriber: { page: string | null; target: string },
  write: Promise<T>,
): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const { code, constraint } = error as { code?: unknown; constraint?: unknown };
    if (code === '23505' && constraint === SIGN_UP_INDEX) throw signUpTaken(subscriber);
    throw error;
  }
}

function checkActor(actor: Actor): void {
  if (typeof actor?.id !== 'string' || actor.id.length === 0)
    throw new InputError('an actor id is required');
}
