import { describe, expect, it } from 'vitest';
import type { ClusterLink, StoredLiveEvent } from '../store/cluster-link.js';
import { LiveEventTail } from './live-event-tail.js';

/** Stored events with ids from `first`, made at `createdAt`. */
function stored(first: number, count: number, createdAt = 1000): StoredLiveEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: first + i,
    createdAt,
    body: JSON.stringify({
      type: 'status',
      service: `svc-${first + i}`,
      from: 'operational',
      to: 'degraded',
      at: new Date(createdAt).toISOString(),
      cause: { kind: 'signal' },
    }),
  }));
}

/** A link holding `table` as the store's live events, counting the reads of them. */
function fakeLink(table: StoredLiveEvent[]) {
  const reads: number[] = [];
  const link = {
    newestLiveEventId: async () => 10,
    liveEventsAfter: async (after: number, limit: number) => {
      reads.push(after);
      return table.filter((e) => e.id > after).slice(0, limit);
    },
  } as Partial<ClusterLink> as ClusterLink;
  return { link, reads };
}

describe('the live event tail', () => {
  it('keeps events a notice carried that follow the newest held, without reading the store', async () => {
    const { link, reads } = fakeLink([]);
    const lags: number[] = [];
    const tail = await LiveEventTail.start(link, {
      clock: () => 1025,
      onLag: (ms) => lags.push(ms),
    });
    tail.take(stored(11, 3));
    expect(reads).toStrictEqual([]);
    expect([tail.events.oldestId, tail.events.newestId]).toStrictEqual([11, 13]);
    expect(tail.events.eventAt(12)).toMatchObject({ id: 12, type: 'status', service: 'svc-12' });
    expect(lags).toStrictEqual([25, 25, 25]);
  });

  it('reads the store instead when carried events do not follow the newest held', async () => {
    const table = stored(11, 5);
    const { link, reads } = fakeLink(table);
    const tail = await LiveEventTail.start(link, { clock: () => 1000 });
    // A notice for 11 and 12 was missed: the one for 13 to 15 leads to a read from 10.
    tail.take(table.slice(2));
    await tail.poke();
    expect(reads[0]).toBe(10);
    expect([tail.events.oldestId, tail.events.newestId]).toStrictEqual([11, 15]);
  });
});
