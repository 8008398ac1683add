import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/test-store.js';
import type { MaintenanceQuery } from '../store/maintenance-store.js';
import type { Store } from '../store/store.js';
import type { NewMaintenanceWindow } from './types.js';
import { findWindows } from './windows.js';

const NOW = Date.parse('2026-12-01T09:00:00Z');
const HOUR = 3_600_000;

function once(start: number, end: number, cancelled = false): NewMaintenanceWindow {
  return {
    title: `${new Date(start).toISOString()} ${cancelled ? 'cancelled' : ''}`,
    description: '',
    services: ['erp'],
    schedule: { kind: 'once', start, end },
    author: 'user:alice',
    createdAt: NOW - 100 * HOUR,
    updatedAt: NOW - 100 * HOUR,
    cancelled,
    firstStart: start,
    lastEnd: end,
  };
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('findWindows', () => {
  it('pages past windows (over or cancelled) in the store: one read per page, however few there are', async () => {
    store = await openTestStore();
    await store.migrate();
    const past: number[] = [];
    for (let i = 0; i < 30; i++) {
      const kind = i % 10;
      const window =
        kind === 3
          ? once(NOW - 5 * HOUR, NOW - 4 * HOUR)
          : kind === 7
            ? once(NOW + HOUR, NOW + 2 * HOUR, true)
            : once(NOW + (i + 1) * HOUR, NOW + (i + 2) * HOUR);
      const { id } = await store.createWindow(window, { id: 'user:alice' });
      if (kind === 3 || kind === 7) past.push(id);
    }
    const reads: MaintenanceQuery[] = [];
    const counted = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'listWindows')
          return (query: MaintenanceQuery) => {
            reads.push(query);
            return target.listWindows(query);
          };
        return Reflect.get(target, name, receiver);
      },
    });
    const first = await findWindows({ store: counted, now: NOW, when: 'past', limit: 4 });
    expect(first.items.map((w) => w.id)).toEqual(past.slice(0, 4));
    expect(first.next).toBe(past[3]);
    const rest = await findWindows({
      store: counted,
      now: NOW,
      when: 'past',
      limit: 4,
      after: first.next as number,
    });
    expect(rest).toEqual({
      items: [expect.objectContaining({ id: past[4] }), expect.objectContaining({ id: past[5] })],
      next: null,
    });
    expect(reads).toEqual([
      { over: NOW, after: 0, limit: 4 },
      { over: NOW, after: past[3], limit: 4 },
    ]);
  });
});
