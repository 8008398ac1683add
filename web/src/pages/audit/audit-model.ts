/** The kinds and operations the audit API filters by (src/api/audit/routes.ts). */
export const AUDIT_KINDS = [
  'service',
  'party',
  'dependency',
  'subscription',
  'incident',
  'user',
  'token',
  'subscriber',
  'maintenance',
  'status_page',
  'acknowledgement',
] as const;
export const AUDIT_OPS = ['create', 'update', 'delete'] as const;

export const AUDIT_FILTERS = ['kind', 'key', 'actor', 'op'] as const;
export type AuditFilters = Record<(typeof AUDIT_FILTERS)[number], string>;

/** One field that differs between two versions; `null` text means the field is absent there. */
export interface FieldChange {
  field: string;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested objects become dotted paths (`rule.kind`); arrays and scalars stay whole values. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (isPlainObject(value) && (prefix === '' || Object.keys(value).length > 0)) {
    for (const [key, inner] of Object.entries(value))
      flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    return;
  }
  if (prefix !== '') into.set(prefix, value);
}

/** A value as one line of text: strings as they are, everything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/**
 * The field-by-field difference between an entity before and after a change, sorted by field.
 * A create has no before and a delete no after, so every field shows as added or removed.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  if (before !== null && before !== undefined) flatten(before, '', a);
  if (after !== null && after !== undefined) flatten(after, '', b);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const inBefore = a.has(field);
    const inAfter = b.has(field);
    const beforeText = inBefore ? valueText(a.get(field)) : null;
    const afterText = inAfter ? valueText(b.get(field)) : null;
    if (inBefore && inAfter && beforeText === afterText) continue;
    changes.push({
      field,
      change: !inBefore ? 'added' : !inAfter ? 'removed' : 'changed',
      before: beforeText,
      after: afterText,
    });
  }
  return changes;
}

/** Where in the app the entity a record names lives, or null when the app has no page for it. */
export function entityPath(kind: string, key: string): string | null {
  const id = (part: string | undefined) => encodeURIComponent(part ?? '');
  switch (kind) {
    case 'service':
    case 'acknowledgement':
      return `/services/${id(key)}`;
    case 'party':
      return `/parties/${id(key)}`;
    case 'incident':
      return `/incidents/${id(key)}`;
    case 'dependency':
      return `/services/${id(key.split('->')[0])}`;
    case 'subscription':
      return `/parties/${id(key.split('->')[0])}`;
    case 'user':
      return '/users';
    case 'token':
      return '/tokens';
    case 'subscriber':
      return '/notifications';
    case 'maintenance':
      return '/maintenance';
    case 'status_page':
      return '/status-pages';
    default:
      return null;
  }
}

/** The API query for the filters set, with `before` for an older page; empty filters left out. */
export function auditQuery(filters: AuditFilters, limit: number, before?: string): string {
  const query = new URLSearchParams();
  for (const key of AUDIT_FILTERS) {
    const value = filters[key].trim();
    if (value) query.set(key, value);
  }
  query.set('limit', String(limit));
  if (before) query.set('before', before);
  return query.toString();
}
