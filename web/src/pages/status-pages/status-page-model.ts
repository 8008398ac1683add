/** A status page's configuration as the admin API shows it (GET /api/v1/status-pages/SLUG). */
export interface StatusPageConfig {
  slug: string;
  title: string;
  audience: string;
  services: { service: string; key?: string; name: string; group?: string }[];
  showRootCause: boolean;
  showInternalIncidents: boolean;
  branding: string;
  url: string;
  version: number;
  updatedAt: string;
}

export interface EntryDraft {
  service: string;
  key: string;
  name: string;
  group: string;
}

/** The form's state: texts as typed; the audience split into its kind and customer party. */
export interface PageDraft {
  slug: string;
  title: string;
  audienceKind: 'public' | 'internal' | 'customer';
  party: string;
  entries: EntryDraft[];
  showRootCause: boolean;
  showInternalIncidents: boolean;
  branding: string;
}

export const EMPTY_DRAFT: PageDraft = {
  slug: '',
  title: '',
  audienceKind: 'public',
  party: '',
  entries: [],
  showRootCause: false,
  showInternalIncidents: false,
  branding: '',
};

/** A stored page as a draft to edit. */
export function draftOf(page: StatusPageConfig): PageDraft {
  const customer = page.audience.startsWith('customer:');
  return {
    slug: page.slug,
    title: page.title,
    audienceKind: customer ? 'customer' : page.audience === 'internal' ? 'internal' : 'public',
    party: customer ? page.audience.slice('customer:'.length) : '',
    entries: page.services.map((s) => ({
      service: s.service,
      key: s.key ?? '',
      name: s.name,
      group: s.group ?? '',
    })),
    showRootCause: page.showRootCause,
    showInternalIncidents: page.showInternalIncidents,
    branding: page.branding,
  };
}

/**
 * The request body for a draft. Texts go as typed (the API names what is wrong, by path); an
 * empty key or group is left out, so the API makes the key from the name.
 */
export function bodyOf(draft: PageDraft) {
  return {
    slug: draft.slug,
    title: draft.title,
    audience: draft.audienceKind === 'customer' ? `customer:${draft.party}` : draft.audienceKind,
    services: draft.entries.map((e) => ({
      service: e.service,
      name: e.name,
      ...(e.key.trim() ? { key: e.key.trim() } : {}),
      ...(e.group.trim() ? { group: e.group.trim() } : {}),
    })),
    showRootCause: draft.showRootCause,
    showInternalIncidents: draft.showInternalIncidents,
    branding: draft.branding,
  };
}

/** The audience in words, for the list. */
export function audienceWords(audience: string, partyName: (id: string) => string): string {
  if (audience === 'public') return 'public (no sign-in)';
  if (audience === 'internal') return 'internal (signed-in users)';
  if (audience.startsWith('customer:'))
    return `customer ${partyName(audience.slice('customer:'.length))}`;
  return audience;
}
