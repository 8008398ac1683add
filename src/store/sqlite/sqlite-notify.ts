import type BetterSqlite3 from 'better-sqlite3';
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
import type { Actor, AuditRecord } from '../store.js';

type Statement = BetterSqlite3.Statement;

/**
 * Subscribers and the outbox on SQLite, statements prepared once; every write in one
 * transaction, run by the caller only when no other transaction holds the connection.
 */
export class SqliteNotify {
  private readonly q: Record<string, Statement>;
  private readonly listQueries = new Map<string, Statement>();

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly now: () => Date,
  ) {
    const prepare = (text: string) => db.prepare(text);
    this.q = {
      insertSubscriber: prepare(
        `insert into notify_subscribers (kind, name, target, sealed, services, page, events, internal,
           state, origin, disabled_reason, failures, created_at, updated_at, version)
         values (@kind, @name, @target, @sealed, @services, @page, @events, @internal,
           @state, @origin, null, 0, @at, @at, 1)`,
      ),
      getSubscriber: prepare('select * from notify_subscribers where id = ?'),
      updateSubscriber: prepare(
        `update notify_subscribers set name = @name, services = @services, page = @page,
           events = @events, internal = @internal, state = @state, disabled_reason = @disabled_reason,
           failures = @failures, updated_at = @at, version = version + 1 where id = @id`,
      ),
      deleteSubscriber: prepare('delete from notify_subscribers where id = ?'),
      countFailure: prepare(
        'update notify_subscribers set failures = failures + 1 where id = ? returning failures',
      ).pluck(),
      clearFailures: prepare(
        'update notify_subscribers set failures = 0 where id = ? and failures <> 0',
      ),
      disable: prepare(
        `update notify_subscribers set state = 'disabled', disabled_reason = ?, updated_at = ?,
           version = version + 1 where id = ?`,
      ),
      cancelPending: prepare(
        `update notify_deliveries set status = 'cancelled', last_error = ?, updated_at = ?
         where subscriber = ? and status = 'pending'`,
      ),
      latestWithKey: prepare(
        `select * from notify_deliveries where subscriber = ? and key = ?
           and status not in ('skipped', 'cancelled') order by id desc limit 1`,
      ),
      insertDelivery: prepare(
        `insert into notify_deliveries (subscriber, type, key, event, status, attempts, due_at,
           next_attempt_at, created_at, updated_at)
         values (@subscriber, @type, @key, @event, 'pending', 0, @due, @due, @now, @now)`,
      ),
      mergeDelivery: prepare(
        'update notify_deliveries set event = ?, status = ?, last_error = ?, updated_at = ? where id = ?',
      ),
      getDelivery: prepare('select * from notify_deliveries where id = ?'),
      due: prepare(
        `select * from notify_deliveries where status = 'pending' and next_attempt_at <= ?
         order by next_attempt_at, id limit ?`,
      ),
      lease: prepare('update notify_deliveries set next_attempt_at = ? where id = ?'),
      finish: prepare(
        `update notify_deliveries set status = @status, attempts = attempts + 1,
           next_attempt_at = @next, last_error = @error, response_status = @response,
           updated_at = @now where id = @id`,
      ),
      audit: prepare(
        'insert into audit (at, actor, op, kind, "key", before, after) values (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  createSubscriber(
    subscriber: NewSubscriber,
    actor: Actor,
    first?: FirstMessage,
  ): StoredSubscriber {
    checkActor(actor);
    return this.db
      .transaction(() => {
        const at = this.now();
        const { lastInsertRowid } = unlessSignUpTaken(subscriber, () =>
          this.q.insertSubscriber.run({
            kind: subscriber.kind,
            name: subscriber.name,
            target: subscriber.target,
            sealed: subscriber.sealed,
            services: JSON.stringify(subscriber.services),
            page: subscriber.page,
            events: eventsColumn(subscriber.events),
            internal: subscriber.internal ? 1 : 0,
            state: subscriber.state,
            origin: subscriber.origin ?? 'api',
            at: at.getTime(),
          }),
        );
        const created = this.mustGet(Number(lastInsertRowid));
        this.record(at, actor, 'create', created, null, auditedSubscriber(created));
        // A throw here (the message cannot be stored) rolls the subscriber back too.
        if (first)
          this.enqueueOne(
            { subscriber: created.id, type: first.type, key: null, event: first.event },
            first.now,
            0,
          );
        return created;
      })
      .immediate();
  }

  getSubscriber(id: number): StoredSubscriber | undefined {
    const row = this.q.getSubscriber.get(id) as SubscriberRow | undefined;
    return row && subscriberRowToSubscriber(row);
  }

  listSubscribers(query: SubscriberQuery): StoredSubscriber[] {
    const conditions: string[] = [];
    if (query.state !== undefined) conditions.push('state = @state');
    if (query.kind !== undefined) conditions.push('kind = @kind');
    if (query.page !== undefined) conditions.push('page = @page');
    // The expression of the index notify_subscribers_page_target (migration 0011); SQLite's
    // lower() changes ASCII letters only.
    if (query.target !== undefined) conditions.push('lower(target) = @target');
    const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
    const rows = this.prepared(`select * from notify_subscribers ${where} order by id`).all({
      ...(query.state !== undefined && { state: query.state }),
      ...(query.kind !== undefined && { kind: query.kind }),
      ...(query.page !== undefined && { page: query.page }),
      ...(query.target !== undefined && { target: asciiLower(query.target) }),
    }) as SubscriberRow[];
    return rows.map(subscriberRowToSubscriber);
  }

  updateSubscriber(
    id: number,
    change: SubscriberChange,
    actor: Actor,
    expectVersion?: number,
  ): StoredSubscriber {
    checkActor(actor);
    return this.db
      .transaction(() => {
        const before = this.checked(id, expectVersion);
        const at = this.now();
        const state = change.state ?? before.state;
        const reactivated = state === 'active' && before.state !== 'active';
        const page = change.page === undefined ? before.page : change.page;
        unlessSignUpTaken({ page, target: before.target }, () =>
          this.q.updateSubscriber.run({
            id,
            name: change.name ?? before.name,
            services: JSON.stringify(change.services ?? before.services),
            page,
            events: eventsColumn(change.events ?? before.events),
            internal: (change.internal ?? before.internal) ? 1 : 0,
            state,
            disabled_reason: reactivated
              ? null
              : change.disabledReason === undefined
                ? before.disabledReason
                : change.disabledReason,
            failures: reactivated ? 0 : before.failures,
            at: at.getTime(),
          }),
        );
        const after = this.mustGet(id);
        this.record(
          at,
          actor,
          'update',
          after,
          auditedSubscriber(before),
          auditedSubscriber(after),
        );
        return after;
      })
      .immediate();
  }

  deleteSubscriber(id: number, actor: Actor, expectVersion?: number): void {
    checkActor(actor);
    this.db
      .transaction(() => {
        const before = this.checked(id, expectVersion);
        this.q.deleteSubscriber.run(id);
        this.record(this.now(), actor, 'delete', before, auditedSubscriber(before), null);
      })
      .immediate();
  }

  enqueue(
    deliveries: readonly NewDelivery[],
    options: { now: number; debounceMs: number },
  ): EnqueueOutcome[] {
    return this.db
      .transaction(() => deliveries.map((d) => this.enqueueOne(d, options.now, options.debounceMs)))
      .immediate();
  }

  private enqueueOne(delivery: NewDelivery, now: number, debounceMs: number): EnqueueOutcome {
    const latest =
      delivery.key === null
        ? undefined
        : (this.q.latestWithKey.get(delivery.subscriber, delivery.key) as DeliveryRow | undefined);
    // Never taken by a worker (a claim moves next_attempt_at off due_at): merging into a message
    // being sent would lose the newer state.
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
      this.q.mergeDelivery.run(
        JSON.stringify(merged),
        skipped ? 'skipped' : 'pending',
        skipped ? 'back where it was before the message went out: nothing to tell' : null,
        now,
        latest.id,
      );
      return { kind: skipped ? 'skipped' : 'merged', delivery: this.mustGetDelivery(latest.id) };
    }
    const { lastInsertRowid } = this.q.insertDelivery.run({
      subscriber: delivery.subscriber,
      type: delivery.type,
      key: delivery.key,
      event: JSON.stringify(delivery.event),
      due: dueAfter(now, latest?.due_at, debounceMs),
      now,
    });
    return { kind: 'queued', delivery: this.mustGetDelivery(Number(lastInsertRowid)) };
  }

  claim(now: number, leaseMs: number, limit: number): Delivery[] {
    return this.db
      .transaction(() => {
        const rows = this.q.due.all(now, limit) as DeliveryRow[];
        for (const row of rows) this.q.lease.run(now + leaseMs, row.id);
        return rows.map(deliveryRowToDelivery);
      })
      .immediate();
  }

  finish(
    id: number,
    result: AttemptResult,
    options: { now: number; disableAfter: number },
  ): { delivery: Delivery; disabled: boolean } {
    return this.db
      .transaction(() => {
        const row = this.q.getDelivery.get(id) as DeliveryRow | undefined;
        if (!row) throw new NotFoundError(`no delivery ${id}`);
        const { now } = options;
        this.q.finish.run({
          id,
          now,
          status: result.ok ? 'delivered' : result.retryAt === null ? 'failed' : 'pending',
          next: result.ok || result.retryAt === null ? now : result.retryAt,
          error: result.ok ? null : result.error,
          response: result.responseStatus,
        });
        let disabled = false;
        if (result.ok) this.q.clearFailures.run(row.subscriber);
        else if (result.counted !== false) {
          const failures = this.q.countFailure.get(row.subscriber) as number | undefined;
          if (failures !== undefined && failures >= options.disableAfter) {
            const reason = `${failures} failed attempts in a row; the last: ${result.error}`;
            const before = this.mustGet(row.subscriber);
            if (before.state === 'active') {
              this.q.disable.run(reason, now, row.subscriber);
              this.q.cancelPending.run('the subscriber was disabled', now, row.subscriber);
              const after = this.mustGet(row.subscriber);
              this.record(
                new Date(now),
                { id: 'system:notify' },
                'update',
                after,
                auditedSubscriber(before),
                auditedSubscriber(after),
              );
              disabled = true;
            }
          }
        }
        return { delivery: this.mustGetDelivery(id), disabled };
      })
      .immediate();
  }

  getDelivery(id: number): Delivery | undefined {
    const row = this.q.getDelivery.get(id) as DeliveryRow | undefined;
    return row && deliveryRowToDelivery(row);
  }

  listDeliveries(query: DeliveryQuery): Delivery[] {
    const limit = query.limit ?? DELIVERY_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > DELIVERY_MAX_LIMIT)
      throw new InputError('the delivery log query has 1 problem', [
        {
          path: 'limit',
          message: `'${String(limit)}' is not a whole number from 1 to ${DELIVERY_MAX_LIMIT}`,
        },
      ]);
    const conditions: string[] = [];
    if (query.subscriber !== undefined) conditions.push('subscriber = @subscriber');
    if (query.status !== undefined) conditions.push('status = @status');
    if (query.before !== undefined) conditions.push('id < @before');
    const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
    const rows = this.prepared(
      `select * from notify_deliveries ${where} order by id desc limit @limit`,
    ).all({
      limit,
      ...(query.subscriber !== undefined && { subscriber: query.subscriber }),
      ...(query.status !== undefined && { status: query.status }),
      ...(query.before !== undefined && { before: query.before }),
    }) as DeliveryRow[];
    return rows.map(deliveryRowToDelivery);
  }

  private prepared(text: string): Statement {
    let statement = this.listQueries.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.listQueries.set(text, statement);
    }
    return statement;
  }

  private checked(id: number, expectVersion: number | undefined): StoredSubscriber {
    const current = this.getSubscriber(id);
    if (!current) throw new NotFoundError(`no subscriber ${id}`);
    if (expectVersion !== undefined && current.version !== expectVersion)
      throw new ConflictError(
        `subscriber ${id} is at version ${current.version}, not ${expectVersion}`,
      );
    return current;
  }

  private mustGet(id: number): StoredSubscriber {
    const subscriber = this.getSubscriber(id);
    if (!subscriber) throw new NotFoundError(`no subscriber ${id}`);
    return subscriber;
  }

  private mustGetDelivery(id: number): Delivery {
    const delivery = this.getDelivery(id);
    if (!delivery) throw new NotFoundError(`no delivery ${id}`);
    return delivery;
  }

  private record(
    at: Date,
    actor: Actor,
    op: AuditRecord['op'],
    subscriber: { id: number },
    before: unknown,
    after: unknown,
  ): void {
    this.q.audit.run(
      at.toISOString(),
      actor.id,
      op,
      'subscriber',
      String(subscriber.id),
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    );
  }
}

/**
 * Runs an insert or update of a subscriber; the unique index on sign-ups refusing it (a second
 * sign-up of the address for the page) becomes a ConflictError.
 */
function unlessSignUpTaken<T>(
  subscriber: { page: string | null; target: string },
  write: () => T,
): T {
  try {
    return write();
  } catch (error) {
    if (
      (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
      (error as Error).message.includes(`'${SIGN_UP_INDEX}'`)
    )
      throw signUpTaken(subscriber);
    throw error;
  }
}

function checkActor(actor: Actor): void {
  if (typeof actor?.id !== 'string' || actor.id.length === 0)
    throw new InputError('an actor id is required');
}
