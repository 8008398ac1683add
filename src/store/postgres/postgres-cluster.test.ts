import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_POSTGRES, TEST_DATABASE_URL } from '../../../test/postgres.js';
import type { ClusterLink, ClusterNotice, StoredLiveEvent } from '../cluster-link.js';
import type { Store } from '../store.js';
import { openPostgresClusterLink } from './postgres-cluster.js';
import { openPostgresStore } from './postgres-store.js';

const suite = SKIP_POSTGRES ? describe.skip : describe;

/** Events with ids from `first`, each body a JSON string of about `size` bytes. */
function events(first: number, count: number, size = 40): StoredLiveEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: first + i,
    createdAt: 1_800_000_000_000 + i,
    body: JSON.stringify({ type: 'status', service: `svc-${i}`, pad: 'x'.repeat(size) }),
  }));
}

suite('the PostgreSQL cluster link', () => {
  const schema = `cluster_link_${process.pid}_${randomBytes(3).toString('hex')}`;
  let store: Store;
  let leader: ClusterLink;
  let follower: ClusterLink;
  const heard: ClusterNotice[] = [];
  const ownHeard: ClusterNotice[] = [];
  let nextId = 1;

  beforeAll(async () => {
    store = await openPostgresStore({
      url: TEST_DATABASE_URL,
      schema,
      poolSize: 2,
      dropSchemaOnClose: true,
    });
    await store.migrate();
    leader = openPostgresClusterLink({ url: TEST_DATABASE_URL, schema });
    follower = openPostgresClusterLink({ url: TEST_DATABASE_URL, schema });
    leader.onNotice((notice) => ownHeard.push(notice));
    follower.onNotice((notice) => heard.push(notice));
    // Leading (or trying to) opens the connection that listens.
    expect(await leader.lead()).toBe(true);
    expect(await follower.lead()).toBe(false);
  });

  afterAll(async () => {
    await leader?.close();
    await follower?.close();
    await store?.close();
  });

  /** Publishes, then the events notices the follower heard, once both links heard the newest. */
  async function publish(published: StoredLiveEvent[]): Promise<ClusterNotice[]> {
    heard.length = 0;
    ownHeard.length = 0;
    await leader.publishLiveEvents(published);
    nextId += published.length;
    const newest = String((published.at(-1) as StoredLiveEvent).id);
    const deadline = Date.now() + 5000;
    const has = (notices: ClusterNotice[]) =>
      notices.some((n) => n.topic === 'events' && n.detail === newest);
    while (!has(heard) || !has(ownHeard)) {
      if (Date.now() > deadline) throw new Error(`no notice for event ${newest}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return heard.filter((n) => n.topic === 'events');
  }

  it('carries the events in the notice, so followers need not read them', async () => {
    const published = events(nextId, 3);
    const notices = await publish(published);
    expect(notices).toStrictEqual([
      { topic: 'events', detail: String(published[2]?.id), fromSelf: false, events: published },
    ]);
    expect(ownHeard.filter((n) => n.topic === 'events').map((n) => n.fromSelf)).toStrictEqual([
      true,
    ]);
    expect(await leader.liveEventsAfter(published[0]?.id as number, 10)).toStrictEqual(
      published.slice(1),
    );
  });

  it('spreads a larger publication over notices in order, each naming its newest event', async () => {
    const published = events(nextId, 30, 1000);
    const notices = await publish(published);
    expect(notices.length).toBeGreaterThan(1);
    expect(notices.flatMap((n) => n.events ?? [])).toStrictEqual(published);
    for (const notice of notices) expect(notice.detail).toBe(String(notice.events?.at(-1)?.id));
  });

  it('sends a bare notice naming the newest id when an event is too large for one', async () => {
    const published = [...events(nextId, 2), ...events(nextId + 2, 1, 9000)];
    expect(await publish(published)).toStrictEqual([
      { topic: 'events', detail: String(published[2]?.id), fromSelf: false },
    ]);
  });

  it('sends a bare notice when the events would take more than 8 notices', async () => {
    const published = events(nextId, 70, 1000);
    expect(await publish(published)).toStrictEqual([
      { topic: 'events', detail: String(published[69]?.id), fromSelf: false },
    ]);
  });
});
