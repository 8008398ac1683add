import type { PageService, StatusPage } from '../status-pages/types.js';
import { audienceText } from '../status-pages/types.js';
import type { Versioned } from './store.js';

/** A `status_pages` row as the databases return it (PostgreSQL gives bigints as text). */
export interface StatusPageRow {
  slug: string;
  title: string;
  audience: string;
  config: string;
  created_at: number | string;
  updated_at: number | string;
  version: number;
}

/** What the `config` column holds. */
interface PageConfig {
  services: PageService[];
  showRootCause: boolean;
  showInternalIncidents: boolean;
  branding: string;
}

export function statusPageToRow(
  page: StatusPage,
  times: { createdAt: number; updatedAt: number },
  version: number,
): StatusPageRow {
  const config: PageConfig = {
    services: page.services,
    showRootCause: page.showRootCause,
    showInternalIncidents: page.showInternalIncidents,
    branding: page.branding,
  };
  return {
    slug: page.slug,
    title: page.title,
    audience: audienceText(page.audience),
    config: JSON.stringify(config),
    created_at: times.createdAt,
    updated_at: times.updatedAt,
    version,
  };
}

export function rowToStatusPage(row: StatusPageRow): Versioned<StatusPage> {
  const config = JSON.parse(row.config) as PageConfig;
  const audience: StatusPage['audience'] = row.audience.startsWith('customer:')
    ? { kind: 'customer', party: row.audience.slice('customer:'.length) }
    : { kind: row.audience as 'public' | 'internal' };
  return {
    entity: { slug: row.slug, title: row.title, audience, ...config },
    version: row.version,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}
