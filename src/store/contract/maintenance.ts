import { describe, expect, it } from 'vitest';
import type { NewMaintenanceWindow } from '../../maintenance/types.js';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import { alice, bob, type OpenStore, rejectionOf } from './helpers.js';

const T = Date.parse('2026-12-01T09:00:00Z');
const HOUR = 3_600_000;

function oneOff(overrides: Partial<NewMaintenanceWindow> = {}): NewMaintenanceWindow {
  return {
    title: 'SAP kernel upgrade',
    description: 'Kernel 7.93; the system is down meanwhile.',
    services: ['erp', 'sap'],
    schedule: { kind: 'once', start: T, end: T + 4 * HOUR },
    author: alice.id,
    createdAt: T - 48 * HOUR,
    updatedAt: T - 48 * HOUR,
    cancelled: false,
    firstStart: T,
    lastEnd: T + 4 * HOUR,
    ...overrides,
  };
}

const weekly: NewMaintenanceWindow = oneOff({
  title: 'Weekly patching',
  services: ['dc-a'],
  schedule: {
    kind: 'recurring',
    start: '2026-12-01T09:00',
    zone: 'Europe/Berlin',
    durationMinutes: 60,
    rrule: 'FREQ=WEEKLY;COUNT=4;BYDAY=TU',
  },
  firstStart: T - HOUR,
  lastEnd: T + 21 * 24 * HOUR,
});

/** Maintenance windows: ids and versions, conditional updates, filters, audit records. */
export function maintenanceContract(open: OpenStore): void {
  const opened = async () => {
    const store = await open();
    await store.migrate();
    return store;
  };

  describe('maintenance windows', () => {
    it('stores a window with the next id and version 1, and reads it back whole', async () => {
      const store = await opened();
      try {
        const first = await store.createWindow(oneOff(), alice);
        const second = await store.createWindow(weekly, alice);
        expect(first).toStrictEqual({ ...oneOff(), id: first.id, version: 1 });
        expect(second.id).toBe(first.id + 1);
        expect(await store.getWindow(first.id)).toStrictEqual(first);
        expect(await store.getWindow(second.id)).toStrictEqual({
          ...weekly,
          id: second.id,
          version: 1,
        });
        expect(await store.getWindow(second.id + 1)).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('updates with the next version and an audit record of kind maintenance', async () => {
      const store = await opened();
      try {
        const created = await store.createWindow(oneOff(), alice);
        const updated = await store.updateWindow(
          created.id,
          (w) => ({ ...w, cancelled: true, services: ['sap'], updatedAt: T }),
          bob,
          1,
        );
        expect(updated).toStrictEqual({
          ...created,
          cancelled: true,
          services: ['sap'],
          updatedAt: T,
          version: 2,
        });
        expect(await store.getWindow(created.id)).toStrictEqual(updated);
        const audit = await store.listAudit({ kind: 'maintenance' });
        expect(audit.map((r) => [r.op, r.key, r.actor])).toEqual([
          ['update', String(created.id), bob.id],
          ['create', String(created.id), alice.id],
        ]);
        expect(audit[0]?.before).toStrictEqual(created);
        expect(audit[0]?.after).toStrictEqual(updated);
      } finally {
        await store.close();
      }
    });

    it('refuses a stale version and an unknown id, changing nothing', async () => {
      const store = await opened();
      try {
        const created = await store.createWindow(oneOff(), alice);
        const stale = await rejectionOf(
          store.updateWindow(created.id, (w) => ({ ...w, title: 'x' }), bob, 7),
        );
        expect(stale).toBeInstanceOf(ConflictError);
        expect(stale.message).toBe(
          `maintenance window ${created.id} is at version 1, not 7: read it again`,
        );
        const missing = await rejectionOf(store.updateWindow(999, (w) => w, bob));
        expect(missing).toBeInstanceOf(NotFoundError);
        const refused = await rejectionOf(
          store.updateWindow(
            created.id,
            () => {
              throw new InputError('no');
            },
            bob,
          ),
        );
        expect(refused).toBeInstanceOf(InputError);
        expect(await store.getWindow(created.id)).toStrictEqual(created);
        expect(await store.listAudit({ kind: 'maintenance' })).toHaveLength(1);
      } finally {
        await store.close();
      }
    });

    it('lists the windows over at a time, cancelled or ended by then, in the database, a page at a time', async () => {
      const store = await opened();
      try {
        const ended = (hoursAgo: number, overrides: Partial<NewMaintenanceWindow> = {}) =>
          oneOff({
            firstStart: T - (hoursAgo + 1) * HOUR,
            lastEnd: T - hoursAgo * HOUR,
            schedule: { kind: 'once', start: T - (hoursAgo + 1) * HOUR, end: T - hoursAgo * HOUR },
            ...overrides,
          });
        await store.createWindow(oneOff(), alice); // to come
        const endedBefore = await store.createWindow(ended(2), alice);
        const endsAtT = await store.createWindow(ended(0, { services: ['dc-a'] }), alice);
        const cancelledToCome = await store.createWindow(oneOff({ cancelled: true }), alice);
        await store.createWindow(weekly, alice); // going on
        const cancelledEnded = await store.createWindow(ended(5, { cancelled: true }), alice);
        const ids = async (query: Parameters<typeof store.listWindows>[0]) =>
          (await store.listWindows(query)).map((w) => w.id);
        expect(await ids({ over: T })).toEqual([
          endedBefore.id,
          endsAtT.id,
          cancelledToCome.id,
          cancelledEnded.id,
        ]);
        expect(await ids({ over: T - HOUR })).toEqual([
          endedBefore.id,
          cancelledToCome.id,
          cancelledEnded.id,
        ]);
        expect(await ids({ over: T, limit: 2 })).toEqual([endedBefore.id, endsAtT.id]);
        expect(await ids({ over: T, after: endsAtT.id, limit: 2 })).toEqual([
          cancelledToCome.id,
          cancelledEnded.id,
        ]);
        expect(await ids({ over: T, service: 'dc-a' })).toEqual([endsAtT.id]);
        expect(await ids({ over: T, cancelled: false })).toEqual([endedBefore.id, endsAtT.id]);
      } finally {
        await store.close();
      }
    });

    it('lists by id with filters on service, end and cancellation, a page at a time', async () => {
      const store = await opened();
      try {
        const a = await store.createWindow(oneOff(), alice);
        const b = await store.createWindow(weekly, alice);
        const c = await store.createWindow(
          oneOff({
            services: ['sap'],
            cancelled: true,
            firstStart: T - 9 * HOUR,
            lastEnd: T - 8 * HOUR,
            schedule: { kind: 'once', start: T - 9 * HOUR, end: T - 8 * HOUR },
          }),
          alice,
        );
        const ids = async (query: Parameters<typeof store.listWindows>[0]) =>
          (await store.listWindows(query)).map((w) => w.id);
        expect(await ids({})).toEqual([a.id, b.id, c.id]);
        expect(await ids({ service: 'sap' })).toEqual([a.id, c.id]);
        expect(await ids({ endsAfter: T })).toEqual([a.id, b.id]);
        expect(await ids({ endsBy: T })).toEqual([c.id]);
        expect(await ids({ cancelled: false })).toEqual([a.id, b.id]);
        expect(await ids({ cancelled: true, service: 'sap' })).toEqual([c.id]);
        expect(await ids({ limit: 1 })).toEqual([a.id]);
        expect(await ids({ after: a.id, limit: 1 })).toEqual([b.id]);
        expect(await rejectionOf(store.listWindows({ limit: 0 }))).toBeInstanceOf(InputError);
        expect(await rejectionOf(store.listWindows({ limit: 501 }))).toBeInstanceOf(InputError);
      } finally {
        await store.close();
      }
    });
  });
}
