import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import { NOTIFY_EVENT_TYPES, type NotifyEvent } from '../../notify/events.js';
import type { NewSubscriber } from '../../notify/subscriber.js';
import type { Store } from '../store.js';
import { alice, type OpenStore, rejectionOf } from './helpers.js';

const T = Date.parse('2026-11-28T19:00:00Z');
const MINUTE = 60_000;

function hook(overrides: Partial<NewSubscriber> = {}): NewSubscriber {
  return {
    kind: 'webhook',
    name: 'ops hook',
    target: 'https://hooks.example.com/in',
    sealed: 'v1.sealed-secret',
    services: ['sap'],
    page: null,
    events: ['status.changed'],
    internal: false,
    state: 'active',
    ...overrides,
  };
}

const up = { level: 'operational', maintenance: false, acknowledged: false } as const;
const down = { level: 'major_outage', maintenance: false, acknowledged: false } as const;
const slow = { level: 'degraded', maintenance: false, acknowledged: false } as const;

function change(
  from: typeof up | typeof down | typeof slow,
  to: typeof from,
  at: number,
): NotifyEvent {
  return { type: 'status.changed', service: 'sap', from, to, at };
}

/** The behaviour of notification subscribers and the outbox. */
export function notifyContract(open: OpenStore): void {
  describe('notifications', () => {
    let store: Store;
    afterEach(async () => {
      await store?.close();
    });
    async function fresh(): Promise<Store> {
      store = await open();
      await store.migrate();
      return store;
    }
    const options = { now: T, debounceMs: 5 * MINUTE };

    it('creates subscribers with ids, versions and an audit record that never holds the sealed secret', async () => {
      await fresh();
      const created = await store.createSubscriber(hook(), alice);
      expect(created).toMatchObject({
        id: 1,
        kind: 'webhook',
        sealed: 'v1.sealed-secret',
        services: ['sap'],
        failures: 0,
        disabledReason: null,
        version: 1,
      });
      const second = await store.createSubscriber(
        hook({ kind: 'email', target: 'ops@example.com', sealed: null, state: 'pending' }),
        alice,
      );
      expect(second.id).toBe(2);
      expect((await store.listSubscribers()).map((s) => s.id)).toEqual([1, 2]);
      expect((await store.listSubscribers({ state: 'pending' })).map((s) => s.id)).toEqual([2]);
      expect((await store.listSubscribers({ kind: 'webhook' })).map((s) => s.id)).toEqual([1]);
      const [record] = await store.listAudit({ kind: 'subscriber', key: '1' });
      expect(record).toMatchObject({ op: 'create', actor: 'user:alice', key: '1', before: null });
      expect(JSON.stringify(record)).not.toContain('sealed');
    });

    it('updates with the version checked, and reactivating clears failures and the reason', async () => {
      await fresh();
      await store.createSubscriber(hook(), alice);
      const disabled = await store.updateSubscriber(
        1,
        { state: 'disabled', disabledReason: 'unsubscribed' },
        alice,
        1,
      );
      expect(disabled).toMatchObject({
        state: 'disabled',
        disabledReason: 'unsubscribed',
        version: 2,
      });
      expect(await rejectionOf(store.updateSubscriber(1, { name: 'x' }, alice, 1))).toBeInstanceOf(
        ConflictError,
      );
      const again = await store.updateSubscriber(1, { state: 'active', services: ['db01'] }, alice);
      expect(again).toMatchObject({
        state: 'active',
        disabledReason: null,
        services: ['db01'],
        events: ['status.changed'],
        version: 3,
      });
      expect(await rejectionOf(store.updateSubscriber(9, {}, alice))).toBeInstanceOf(NotFoundError);
    });

    it('queues a status message now, holds the next one for the interval, and merges into the held one', async () => {
      await fresh();
      await store.createSubscriber(hook(), alice);
      const d = (event: NotifyEvent) => ({
        subscriber: 1,
        type: event.type,
        key: 'status:sap',
        event,
      });
      const [first] = await store.enqueueDeliveries([d(change(up, down, T))], options);
      expect(first).toMatchObject({ kind: 'queued', delivery: { id: 1, nextAttemptAt: T } });
      // Not sent yet: a newer state merges into it.
      const [merged] = await store.enqueueDeliveries([d(change(down, slow, T))], options);
      expect(merged).toMatchObject({
        kind: 'merged',
        delivery: { id: 1, event: change(up, slow, T) },
      });
      await store.claimDeliveries(T, MINUTE, 10);
      await store.finishAttempt(1, { ok: true, responseStatus: 200 }, { now: T, disableAfter: 5 });
      const [second] = await store.enqueueDeliveries([d(change(slow, down, T + MINUTE))], {
        ...options,
        now: T + MINUTE,
      });
      expect(second).toMatchObject({
        kind: 'queued',
        delivery: { id: 2, nextAttemptAt: T + 5 * MINUTE },
      });
      const [third] = await store.enqueueDeliveries([d(change(down, slow, T + 2 * MINUTE))], {
        ...options,
        now: T + 2 * MINUTE,
      });
      // The held message now tells the latest state, from where the subscriber last heard.
      expect(third).toMatchObject({
        kind: 'skipped',
        delivery: { id: 2, status: 'skipped', event: change(slow, slow, T + 2 * MINUTE) },
      });
      const [fourth] = await store.enqueueDeliveries([d(change(slow, down, T + 3 * MINUTE))], {
        ...options,
        now: T + 3 * MINUTE,
      });
      expect(fourth).toMatchObject({
        kind: 'queued',
        delivery: { id: 3, nextAttemptAt: T + 5 * MINUTE },
      });
      const [fifth] = await store.enqueueDeliveries([d(change(down, up, T + 4 * MINUTE))], {
        ...options,
        now: T + 4 * MINUTE,
      });
      expect(fifth).toMatchObject({
        kind: 'merged',
        delivery: { id: 3, status: 'pending', event: change(slow, up, T + 4 * MINUTE) },
      });
    });

    it('never merges into a message a worker has taken, and never debounces keyless messages', async () => {
      await fresh();
      await store.createSubscriber(hook(), alice);
      const d = (event: NotifyEvent) => ({
        subscriber: 1,
        type: event.type,
        key: 'status:sap',
        event,
      });
      await store.enqueueDeliveries([d(change(up, down, T))], options);
      expect((await store.claimDeliveries(T, MINUTE, 10)).map((x) => x.id)).toEqual([1]);
      const [next] = await store.enqueueDeliveries([d(change(down, up, T + 1))], {
        ...options,
        now: T + 1,
      });
      expect(next).toMatchObject({
        kind: 'queued',
        delivery: { id: 2, nextAttemptAt: T + 5 * MINUTE },
      });
      const keyless = { subscriber: 1, type: 'test', key: null, event: { type: 'test', at: T } };
      const outcomes = await store.enqueueDeliveries([keyless, keyless], options);
      expect(outcomes.map((o) => [o.kind, o.delivery.id])).toEqual([
        ['queued', 3],
        ['queued', 4],
      ]);
    });

    it('claims due messages with a lease, records attempts, retries and gives up', async () => {
      await fresh();
      await store.createSubscriber(hook(), alice);
      const keyless = { subscriber: 1, type: 'test', key: null, event: { type: 'test', at: T } };
      await store.enqueueDeliveries([keyless, keyless], options);
      expect(await store.claimDeliveries(T - 1, MINUTE, 10)).toEqual([]);
      const claimed = await store.claimDeliveries(T, MINUTE, 1);
      expect(claimed.map((x) => x.id)).toEqual([1]);
      expect((await store.getDelivery(1))?.nextAttemptAt).toBe(T + MINUTE);
      expect((await store.claimDeliveries(T, MINUTE, 10)).map((x) => x.id)).toEqual([2]);
      const retry = { now: T + 1, disableAfter: 5 };
      const failed = await store.finishAttempt(
        1,
        { ok: false, error: 'HTTP 503', responseStatus: 503, retryAt: T + 30_000 },
        retry,
      );
      expect(failed).toMatchObject({
        disabled: false,
        delivery: {
          status: 'pending',
          attempts: 1,
          nextAttemptAt: T + 30_000,
          lastError: 'HTTP 503',
          responseStatus: 503,
        },
      });
      expect((await store.getSubscriber(1))?.failures).toBe(1);
      const delivered = await store.finishAttempt(1, { ok: true, responseStatus: 200 }, retry);
      expect(delivered.delivery).toMatchObject({
        status: 'delivered',
        attempts: 2,
        lastError: null,
      });
      expect((await store.getSubscriber(1))?.failures).toBe(0);
      const gaveUp = await store.finishAttempt(
        2,
        { ok: false, error: 'timeout', responseStatus: null, retryAt: null },
        retry,
      );
      expect(gaveUp.delivery.status).toBe('failed');
      expect((await store.getSubscriber(1))?.failures).toBe(1);
      // Held back by Servicechain, not refused by the receiver: failed, not counted.
      await store.enqueueDeliveries([keyless], options);
      const held = await store.finishAttempt(
        3,
        { ok: false, error: 'not sent', responseStatus: null, retryAt: null, counted: false },
        retry,
      );
      expect(held.delivery.status).toBe('failed');
      expect((await store.getSubscriber(1))?.failures).toBe(1);
      // A worker that died leaves its claim to be taken again after the lease.
      await store.enqueueDeliveries([keyless], options);
      await store.claimDeliveries(T, MINUTE, 10);
      expect(await store.claimDeliveries(T + MINUTE - 1, MINUTE, 10)).toEqual([]);
      expect((await store.claimDeliveries(T + MINUTE, MINUTE, 10)).map((x) => x.id)).toEqual([4]);
    });

    it('disables a subscriber after N failures in a row, cancelling what it still had pending', async () => {
      await fresh();
      await store.createSubscriber(hook(), alice);
      const keyless = { subscriber: 1, type: 'test', key: null, event: { type: 'test', at: T } };
      await store.enqueueDeliveries([keyless, keyless, keyless], options);
      const fail = (id: number) =>
        store.finishAttempt(
          id,
          { ok: false, error: `HTTP 500 (${id})`, responseStatus: 500, retryAt: T + MINUTE },
          { now: T, disableAfter: 2 },
        );
      expect((await fail(1)).disabled).toBe(false);
      expect((await fail(2)).disabled).toBe(true);
      expect(await store.getSubscriber(1)).toMatchObject({
        state: 'disabled',
        disabledReason: '2 failed attempts in a row; the last: HTTP 500 (2)',
        version: 2,
      });
      expect((await store.listDeliveries({ status: 'cancelled' })).map((x) => x.id)).toEqual([
        3, 2, 1,
      ]);
      const [record] = await store.listAudit({ kind: 'subscriber', op: 'update' });
      expect(record?.actor).toBe('system:notify');
    });

    it('lists the delivery log newest first with filters, refuses a bad limit, and deletes with the subscriber', async () => {
      await fresh();
      await store.createSubscriber(hook(), alice);
      await store.createSubscriber(hook({ name: 'second' }), alice);
      const m = (subscriber: number) => ({
        subscriber,
        type: 'test',
        key: null,
        event: { type: 'test', at: T },
      });
      await store.enqueueDeliveries([m(1), m(2), m(1)], options);
      expect((await store.listDeliveries()).map((x) => x.id)).toEqual([3, 2, 1]);
      expect((await store.listDeliveries({ subscriber: 1 })).map((x) => x.id)).toEqual([3, 1]);
      expect((await store.listDeliveries({ before: 3, limit: 1 })).map((x) => x.id)).toEqual([2]);
      const error = await rejectionOf(store.listDeliveries({ limit: 0 }));
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).details).toEqual([
        { path: 'limit', message: "'0' is not a whole number from 1 to 500" },
      ]);
      expect(await rejectionOf(store.deleteSubscriber(1, alice, 7))).toBeInstanceOf(ConflictError);
      await store.deleteSubscriber(1, alice, 1);
      expect(await store.getSubscriber(1)).toBeUndefined();
      expect((await store.listDeliveries()).map((x) => x.id)).toEqual([2]);
      expect((await store.createSubscriber(hook(), alice)).id).toBe(3);
    });

    it('finds subscribers by page and by address, the address with ASCII letters in any case', async () => {
      await fresh();
      const mail = (target: string, page: string | null) =>
        hook({ kind: 'email', target, sealed: null, page, services: [] });
      await store.createSubscriber(mail('Ops@Example.com', 'shop'), alice);
      await store.createSubscriber(mail('ops@example.com', 'other'), alice);
      await store.createSubscriber(mail('dev@example.com', 'shop'), alice);
      await store.createSubscriber(hook({ page: 'shop' }), alice);
      await store.createSubscriber(mail('ÉLISE@example.com', 'shop'), alice);
      const ids = async (query: Parameters<Store['listSubscribers']>[0]) =>
        (await store.listSubscribers(query)).map((s) => s.id);
      expect(await ids({ page: 'shop' })).toEqual([1, 3, 4, 5]);
      expect(await ids({ kind: 'email', page: 'shop' })).toEqual([1, 3, 5]);
      expect(await ids({ target: 'OPS@example.COM' })).toEqual([1, 2]);
      expect(await ids({ kind: 'email', page: 'shop', target: 'ops@example.com' })).toEqual([1]);
      // Only ASCII letters fold, the same on every database: É is not é.
      expect(await ids({ target: 'élise@example.com' })).toEqual([]);
      expect(await ids({ target: 'ÉLISE@EXAMPLE.COM' })).toEqual([5]);
      expect(await ids({ page: 'nope' })).toEqual([]);
    });

    it('queues a first message with a new subscriber in one transaction: both or neither', async () => {
      await fresh();
      const pending = hook({
        kind: 'email',
        target: 'a@example.com',
        sealed: null,
        state: 'pending',
      });
      const created = await store.createSubscriber(pending, alice, {
        type: 'confirm',
        event: { type: 'confirm', at: T },
        now: T,
      });
      expect((await store.listDeliveries()).map((d) => [d.subscriber, d.type, d.status])).toEqual([
        [created.id, 'confirm', 'pending'],
      ]);
      // A message that cannot be stored (a value JSON cannot hold) takes the subscriber with it.
      const error = await rejectionOf(
        store.createSubscriber({ ...pending, target: 'b@example.com' }, alice, {
          type: 'confirm',
          event: { at: 1n },
          now: T,
        }),
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((await store.listSubscribers()).map((s) => s.target)).toEqual(['a@example.com']);
      expect(await store.listDeliveries()).toHaveLength(1);
      expect(await store.listAudit({ kind: 'subscriber' })).toHaveLength(1);
    });

    it('holds one sign-up per page and address (ASCII letters in any case), refusing a second with nothing stored', async () => {
      await fresh();
      const signUp = (target: string, page: string, origin: 'sign-up' | 'api' = 'sign-up') =>
        hook({ kind: 'email', target, sealed: null, page, services: [], state: 'pending', origin });
      const first = { type: 'confirm', event: { type: 'confirm', at: T }, now: T };
      const cfo = await store.createSubscriber(signUp('cfo@example.com', 'shop'), alice, first);
      const second = await rejectionOf(
        store.createSubscriber(signUp('CFO@Example.com', 'shop'), alice, first),
      );
      expect(second).toBeInstanceOf(ConflictError);
      expect((second as Error).message).toBe(
        "status page 'shop' already has a sign-up of 'CFO@Example.com'",
      );
      // Other pages, other addresses and what editors make are not limited.
      const other = await store.createSubscriber(signUp('cfo@example.com', 'other'), alice, first);
      await store.createSubscriber(signUp('ceo@example.com', 'shop'), alice, first);
      await store.createSubscriber(signUp('cfo@example.com', 'shop', 'api'), alice, first);
      await store.createSubscriber(signUp('cfo@example.com', 'shop', 'api'), alice);
      const rows = async () =>
        (await store.listSubscribers()).map((s) => [s.target, s.page, s.origin]);
      expect(await rows()).toEqual([
        ['cfo@example.com', 'shop', 'sign-up'],
        ['cfo@example.com', 'other', 'sign-up'],
        ['ceo@example.com', 'shop', 'sign-up'],
        ['cfo@example.com', 'shop', 'api'],
        ['cfo@example.com', 'shop', 'api'],
      ]);
      expect(await store.listDeliveries()).toHaveLength(4);
      expect(await store.listAudit({ kind: 'subscriber' })).toHaveLength(5);
      // Moving a sign-up to a page where the address signed up too is refused the same way.
      const moved = await rejectionOf(store.updateSubscriber(other.id, { page: 'shop' }, alice));
      expect(moved).toBeInstanceOf(ConflictError);
      expect((await store.getSubscriber(other.id))?.version).toBe(1);
      expect(await store.listAudit({ kind: 'subscriber' })).toHaveLength(5);
      // Once the first is gone, the address may sign up again.
      await store.deleteSubscriber(cfo.id, alice);
      await store.createSubscriber(signUp('Cfo@example.com', 'shop'), alice);
      expect((await rows()).at(-1)).toEqual(['Cfo@example.com', 'shop', 'sign-up']);
    });

    it('keeps "every event type" as such, and where a subscriber came from', async () => {
      await fresh();
      const every = await store.createSubscriber(
        hook({ events: [...NOTIFY_EVENT_TYPES].reverse(), origin: 'sign-up' }),
        alice,
      );
      expect(every).toMatchObject({ events: [...NOTIFY_EVENT_TYPES], origin: 'sign-up' });
      const some = await store.createSubscriber(hook({ events: ['status.changed'] }), alice);
      expect(some).toMatchObject({ events: ['status.changed'], origin: 'api' });
      // Changing something else keeps "all"; naming fewer types keeps those only.
      expect(await store.updateSubscriber(every.id, { name: 'renamed' }, alice)).toMatchObject({
        events: [...NOTIFY_EVENT_TYPES],
        origin: 'sign-up',
      });
      const fewer = NOTIFY_EVENT_TYPES.slice(1);
      expect((await store.updateSubscriber(every.id, { events: fewer }, alice)).events).toEqual(
        fewer,
      );
      expect(
        (await store.updateSubscriber(some.id, { events: [...NOTIFY_EVENT_TYPES] }, alice)).events,
      ).toEqual([...NOTIFY_EVENT_TYPES]);
    });
  });
}
