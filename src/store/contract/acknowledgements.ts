import { describe, expect, it } from 'vitest';
import type { OpenStore } from './helpers.js';

const T = Date.parse('2026-11-28T20:00:00Z');
const base = { service: 'sap', author: 'user:alice', note: 'looking into it', createdAt: T };

/** Acknowledgements: one open a service, replaced, cleared, expired, each write audited. */
export function acknowledgementContract(open: OpenStore): void {
  const opened = async () => {
    const store = await open();
    await store.migrate();
    return store;
  };

  describe('acknowledgements', () => {
    it('keeps one open acknowledgement a service, replacing the one before', async () => {
      const store = await opened();
      try {
        const first = await store.setAcknowledgement({ ...base, expiresAt: null });
        const second = await store.setAcknowledgement({
          ...base,
          author: 'user:bob',
          note: '',
          createdAt: T + 10,
          expiresAt: T + 1000,
        });
        expect(second).toStrictEqual({
          id: second.id,
          ...base,
          author: 'user:bob',
          note: '',
          createdAt: T + 10,
          expiresAt: T + 1000,
          clearedAt: null,
          clearedBy: null,
        });
        expect(second.id).toBeGreaterThan(first.id);
        const other = await store.setAcknowledgement({ ...base, service: 'erp', expiresAt: null });
        expect(await store.listActiveAcknowledgements(T + 20)).toStrictEqual([other, second]);
        expect(await store.listActiveAcknowledgements(T + 1000)).toStrictEqual([other]);
        const audit = await store.listAudit({ kind: 'acknowledgement', key: 'sap' });
        expect(audit.map((r) => [r.op, r.actor, r.before, r.after])).toStrictEqual([
          ['update', 'user:bob', { ...first, clearedAt: T + 10, clearedBy: 'user:bob' }, second],
          ['create', 'user:alice', null, first],
        ]);
      } finally {
        await store.close();
      }
    });

    it('clears the acknowledgement in force, audited, and nothing when none is', async () => {
      const store = await opened();
      try {
        await store.setAcknowledgement({ ...base, expiresAt: T + 1000 });
        expect(await store.clearAcknowledgement('sap', 'user:bob', T + 2000)).toBeUndefined();
        expect(await store.clearAcknowledgement('erp', 'user:bob', T)).toBeUndefined();
        const open = await store.setAcknowledgement({
          ...base,
          createdAt: T + 3000,
          expiresAt: null,
        });
        const cleared = await store.clearAcknowledgement('sap', 'user:bob', T + 4000);
        expect(cleared).toStrictEqual({ ...open, clearedAt: T + 4000, clearedBy: 'user:bob' });
        expect(await store.listActiveAcknowledgements(T + 4000)).toStrictEqual([]);
        expect(await store.clearAcknowledgement('sap', 'user:bob', T + 5000)).toBeUndefined();
        const [newest, ...older] = await store.listAudit({ kind: 'acknowledgement' });
        expect([newest?.op, newest?.actor, newest?.before, newest?.after]).toStrictEqual([
          'delete',
          'user:bob',
          cleared,
          null,
        ]);
        expect(older.map((r) => r.op)).toStrictEqual(['update', 'create']);
      } finally {
        await store.close();
      }
    });
  });
}
