import { describe, expect, it } from 'vitest';
import { audienceWords, bodyOf, draftOf, type StatusPageConfig } from './status-page-model.js';

const PAGE: StatusPageConfig = {
  slug: 'acme',
  title: 'Acme: your services',
  audience: 'customer:acme',
  services: [
    { service: 'order-to-cash', key: 'ordering', name: 'Ordering' },
    { service: 'sap-erp', key: 'invoices', name: 'Invoices', group: 'Billing' },
  ],
  showRootCause: true,
  showInternalIncidents: false,
  branding: 'Call us',
  url: '/status/acme',
  version: 3,
  updatedAt: '2026-11-28T12:00:00.000Z',
};

describe('status page drafts', () => {
  it('turns a stored page into a draft and back into the same body', () => {
    const draft = draftOf(PAGE);
    expect(draft.audienceKind).toBe('customer');
    expect(draft.party).toBe('acme');
    expect(draft.entries[0]).toEqual({
      service: 'order-to-cash',
      key: 'ordering',
      name: 'Ordering',
      group: '',
    });
    expect(bodyOf(draft)).toEqual({
      slug: 'acme',
      title: 'Acme: your services',
      audience: 'customer:acme',
      services: [
        { service: 'order-to-cash', key: 'ordering', name: 'Ordering' },
        { service: 'sap-erp', key: 'invoices', name: 'Invoices', group: 'Billing' },
      ],
      showRootCause: true,
      showInternalIncidents: false,
      branding: 'Call us',
    });
  });

  it('leaves out empty keys and groups, and writes a public or internal audience as is', () => {
    const draft = {
      ...draftOf({ ...PAGE, audience: 'internal' }),
      entries: [{ service: 'shop', key: ' ', name: 'Shop', group: '' }],
    };
    expect(bodyOf(draft).audience).toBe('internal');
    expect(bodyOf(draft).services).toEqual([{ service: 'shop', name: 'Shop' }]);
  });

  it('says the audience in words', () => {
    const name = (id: string) => (id === 'acme' ? 'Acme Corp' : id);
    expect(audienceWords('public', name)).toBe('public (no sign-in)');
    expect(audienceWords('customer:acme', name)).toBe('customer Acme Corp');
  });
});
