/**
 * Roles, token scopes and principals: what the access rules of the API (src/api/access.ts) are
 * written in. They live with the accounts so the domain needs nothing from the HTTP layer.
 */

/** A user's role. Each includes what the ones before it may do. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an API token may be used for. */
export const TOKEN_SCOPES = ['read', 'write', 'ingest', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Who is asking: a signed-in user, or an API token acting for its creator. */
export interface Principal {
  /** `user:alice` or `token:ID`: what the audit log records. */
  id: string;
  kind: 'user' | 'token';
  role: Role;
  /** Ids of the parties (teams) the user belongs to; a token carries its creator's. */
  teams: readonly string[];
  /** For tokens, the scopes granted; users have none (their role decides). */
  scopes: readonly TokenScope[];
}
