import type { Principal } from './roles.js';
import type { TokenRecord, UserRecord } from './types.js';

/** The principal of a signed-in user: the audit actor is `user:<name>`. */
export function userPrincipal(user: UserRecord): Principal {
  return {
    id: `user:${user.name}`,
    kind: 'user',
    role: user.role,
    teams: [...user.teams],
    scopes: [],
  };
}

/**
 * The principal of a token, acting for its user with the user's current role and teams (so
 * demoting the user demotes the token at once); the audit actor is `token:<id>`.
 */
export function tokenPrincipal(token: TokenRecord, user: UserRecord): Principal {
  return {
    id: `token:${token.id}`,
    kind: 'token',
    role: user.role,
    teams: [...user.teams],
    scopes: [...token.scopes],
  };
}

/** Why a token cannot be used at `now`, or undefined when it can. */
export function tokenUnusableReason(
  token: TokenRecord,
  user: UserRecord | undefined,
  now: Date,
): string | undefined {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  if (user === undefined || user.disabled) return 'its user is disabled or gone';
  return undefined;
}
