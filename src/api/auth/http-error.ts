import { preconditionFailed, preconditionRequired } from '../errors.js';
import { entityTag, ifMatchHolds, parseIfMatch } from '../rest/etag.js';

/** A user's ETag, in the API's entity tag form. */
export function userTag(user: { version: number; createdAt: string }): string {
  return entityTag(user);
}

/**
 * The version an If-Match header names for a user: 428 without one, 412 when it is not the
 * current ETag (`*` matches any).
 */
export function expectedVersion(
  header: string | undefined,
  current: { version: number; createdAt: string },
  what: string,
): number {
  const condition = parseIfMatch(header);
  if (condition === undefined) throw preconditionRequired(what);
  if (!ifMatchHolds(condition, current)) throw preconditionFailed(what, userTag(current));
  return current.version;
}
