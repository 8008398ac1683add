import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../model/errors.js';
import type { StatusPage } from '../../status-pages/types.js';
import type { Store } from '../store.js';
import { alice, bob, type OpenStore, rejectionOf } from './helpers.js';

function page(overrides: Partial<StatusPage> = {}): StatusPage {
  return {
    slug: 'acme',
    title: 'Acme services',
    audience: { kind: 'customer', party: 'acme' },
    services: [
      { service: 'order-to-cash', key: 'ordering', name: 'Ordering' },
      { service: 'sap', key: 'invoices', name: 'Invoices', group: 'Billing' },
    ],
    showRootCause: false,
    showInternalIncidents: true,
    branding: 'Questions? Call the service desk.',
    ...overrides,
  };
}

async function pagesSnapshot(store: Store): Promise<unknown> {
  return {
    pages: await store.listStatusPages(),
    audit: await store.listAudit({ kind: 'status_page' }),
  };
}

/** Status pages: create, read, list by slug, versions, delete, audit, refusals. */
export function statusPageContract(open: OpenStore): void {
  const opened = async () => {
    const store = await open();
    await store.migrate();
    return store;
  };

  describe('status pages', () => {
    it('stores a page at version 1, reads it back whole, and audits it', async () => {
      const store = await opened();
      try {
        const created = await store.createStatusPage(page(), alice);
        expect(created.entity).toStrictEqual(page());
        expect(created.version).toBe(1);
        expect(created.createdAt).toBe(created.updatedAt);
        expect(await store.getStatusPage('acme')).toStrictEqual(created);
        expect(await store.getStatusPage('other')).toBeUndefined();
        const [record] = await store.listAudit({ kind: 'status_page' });
        expect(record).toMatchObject({ actor: 'user:alice', op: 'create', key: 'acme' });
        expect(record?.before).toBeNull();
        expect(record?.after).toStrictEqual(page());
      } finally {
        await store.close();
      }
    });

    it('keeps public and internal audiences and an empty branding as given', async () => {
      const store = await opened();
      try {
        const open = page({ slug: 'public', audience: { kind: 'public' }, branding: '' });
        const staff = page({ slug: 'staff', audience: { kind: 'internal' }, services: [] });
        await store.createStatusPage(staff, alice);
        await store.createStatusPage(open, alice);
        expect((await store.listStatusPages()).map((p) => p.entity)).toStrictEqual([open, staff]);
      } finally {
        await store.close();
      }
    });

    it('replaces a page with the version one more, keeping its creation time', async () => {
      const store = await opened();
      try {
        const created = await store.createStatusPage(page(), alice);
        const next = page({ title: 'Acme', showRootCause: true, services: [] });
        const updated = await store.updateStatusPage(next, bob, 1);
        expect(updated.entity).toStrictEqual(next);
        expect(updated.version).toBe(2);
        expect(updated.createdAt).toBe(created.createdAt);
        expect(await store.getStatusPage('acme')).toStrictEqual(updated);
        const [record] = await store.listAudit({ kind: 'status_page' });
        expect(record).toMatchObject({ actor: bob.id, op: 'update', key: 'acme' });
        expect(record?.before).toStrictEqual(page());
        expect(record?.after).toStrictEqual(next);
      } finally {
        await store.close();
      }
    });

    it('refuses a taken slug, a stale version and unknown slugs, changing nothing', async () => {
      const store = await opened();
      try {
        await store.createStatusPage(page(), alice);
        const before = await pagesSnapshot(store);
        const taken = await rejectionOf(store.createStatusPage(page({ title: 'Twice' }), alice));
        expect(taken).toBeInstanceOf(ConflictError);
        expect(taken.message).toBe("status page 'acme' exists already; change it with PUT");
        const stale = await rejectionOf(store.updateStatusPage(page({ title: 'x' }), alice, 2));
        expect(stale).toBeInstanceOf(ConflictError);
        expect(stale.message).toBe("status page 'acme' is at version 1, not 2: read it again");
        const missing = await rejectionOf(store.updateStatusPage(page({ slug: 'nope' }), alice));
        expect(missing).toBeInstanceOf(NotFoundError);
        expect(missing.message).toBe("no status page 'nope'");
        expect(await rejectionOf(store.deleteStatusPage('acme', alice, 3))).toBeInstanceOf(
          ConflictError,
        );
        expect(await rejectionOf(store.deleteStatusPage('nope', alice))).toBeInstanceOf(
          NotFoundError,
        );
        expect(await pagesSnapshot(store)).toStrictEqual(before);
      } finally {
        await store.close();
      }
    });

    it('deletes a page with an audit record of what it was', async () => {
      const store = await opened();
      try {
        await store.createStatusPage(page(), alice);
        await store.deleteStatusPage('acme', bob, 1);
        expect(await store.getStatusPage('acme')).toBeUndefined();
        expect(await store.listStatusPages()).toStrictEqual([]);
        const [record] = await store.listAudit({ kind: 'status_page' });
        expect(record).toMatchObject({ actor: bob.id, op: 'delete', key: 'acme', after: null });
        expect(record?.before).toStrictEqual(page());
        // The slug is free again, and the new page starts over at version 1.
        expect((await store.createStatusPage(page(), alice)).version).toBe(1);
      } finally {
        await store.close();
      }
    });
  });
}
