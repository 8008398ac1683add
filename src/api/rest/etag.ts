import type { Versioned } from '../../store/store.js';

/**
 * A strong entity tag from the stored version and the creation time: `"3-m1abcd"`. The creation
 * time tells a re-created entity (which restarts at version 1) from the one deleted before it.
 */
export function entityTag(versioned: Pick<Versioned<unknown>, 'version' | 'createdAt'>): string {
  return `"${versioned.version}-${Date.parse(versioned.createdAt).toString(36)}"`;
}

/** What an If-Match header asks for: any current version (`*`), or one of these tags. */
export type IfMatch = { any: true } | { any: false; tags: string[] };

/**
 * Reads an If-Match header (RFC 9110 §13.1.1); undefined when absent or blank. Weak tags are kept
 * but can never match: If-Match compares strongly.
 */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (header.trim() === '*') return { any: true };
  const tags = header.match(/(?:W\/)?"[^"]*"/g) ?? [];
  return { any: false, tags };
}

/** Whether the header's condition holds for the stored entity. */
export function ifMatchHolds(
  condition: IfMatch,
  current: Pick<Versioned<unknown>, 'version' | 'createdAt'>,
): boolean {
  return condition.any || condition.tags.includes(entityTag(current));
}
