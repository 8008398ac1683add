import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackOnly } from '../../test/notify-harness.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { OutboundClient } from './outbound/outbound-client.js';
import { signUpForPage } from './page-sign-up.js';
import { SecretBox } from './secret-box.js';
import { Subscriptions } from './subscriptions.js';

const T = Date.parse('2026-11-28T12:00:00Z');

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/**
 * Sign-ups over a SQLite store whose subscriber lookups answer only once `racers` callers have
 * asked: every sign-up of a race has looked before any of them writes, the moment a race is lost.
 */
async function racingSignUps() {
  const real = await openSqliteStore({ file: ':memory:', now: () => new Date(T) });
  store = real;
  await real.migrate();
  const race = { racers: 1, waiting: [] as (() => void)[] };
  const lookups: Pick<Store, 'listSubscribers' | 'deleteSubscriber'> = {
    listSubscribers: async (query) => {
      const answer = await real.listSubscribers(query);
      await new Promise<void>((resolve) => {
        race.waiting.push(resolve);
        if (race.waiting.length >= race.racers) for (const go of race.waiting.splice(0)) go();
      });
      return answer;
    },
    deleteSubscriber: (id, actor) => real.deleteSubscriber(id, actor),
  };
  const subscriptions = new Subscriptions({
    store: real,
    box: new SecretBox(randomBytes(32)),
    client: new OutboundClient({ policy: loopbackOnly() }),
    knownService: () => true,
    clock: () => T,
  });
  /** Each address signs up at once, all of them looking before any writes. */
  const signUpAtOnce = (...emails: string[]) => {
    race.racers = emails.length;
    return Promise.all(
      emails.map((email) =>
        signUpForPage({ store: lookups, subscriptions, email, page: 'shop', now: T }),
      ),
    );
  };
  const rows = async () =>
    (await real.listSubscribers()).map((s) => ({ id: s.id, state: s.state, origin: s.origin }));
  return { real, signUpAtOnce, rows };
}

describe('signing up on a page, several posts of one address at the same moment', () => {
  it('makes one pending subscriber and queues one confirmation', async () => {
    const { real, signUpAtOnce, rows } = await racingSignUps();
    await signUpAtOnce('cfo@example.test', 'CFO@example.test', 'cfo@example.test');
    expect(await rows()).toEqual([{ id: 1, state: 'pending', origin: 'sign-up' }]);
    expect((await real.listDeliveries()).map((d) => [d.subscriber, d.type])).toEqual([
      [1, 'confirm'],
    ]);
  });

  it('replaces an unsubscribed sign-up with one new one', async () => {
    const { real, signUpAtOnce, rows } = await racingSignUps();
    await signUpAtOnce('cfo@example.test');
    await real.updateSubscriber(1, { state: 'disabled' }, { id: 'test' });
    await signUpAtOnce('cfo@example.test', 'Cfo@example.test');
    const [now, ...more] = await rows();
    expect(more).toEqual([]);
    expect(now).toMatchObject({ state: 'pending', origin: 'sign-up' });
    expect(now?.id).not.toBe(1);
    expect((await real.listDeliveries()).map((d) => [d.subscriber, d.type])).toEqual([
      [now?.id, 'confirm'],
    ]);
  });
});
