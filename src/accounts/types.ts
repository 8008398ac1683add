import type { Role, TokenScope } from './roles.js';

export type { Role, TokenScope };

/** A user as stored. `passwordHash` is null until a password is set (no sign-in possible). */
export interface UserRecord {
  name: string;
  role: Role;
  /** Ids of the parties (teams) the user belongs to. */
  teams: string[];
  disabled: boolean;
  passwordHash: string | null;
  /** ISO 8601; null while no password is set. */
  passwordUpdatedAt: string | null;
  /** 1 on creation, one more at each update: the ETag. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A browser session; the cookie holds the secret, the store only its hash. */
export interface SessionRecord {
  hash: string;
  user: string;
  createdAt: string;
  expiresAt: string;
}

/** An API token; the store holds only the secret's hash. */
export interface TokenRecord {
  /** 12 hex digits; the audit actor is `token:<id>`. */
  id: string;
  /** What the creator called it, e.g. `ci-deploy`. */
  name: string;
  /** The user it acts for; it never exceeds that user's current role. */
  user: string;
  scopes: TokenScope[];
  hash: string;
  createdAt: string;
  /** Null for a token that does not expire. */
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** What may change on a user; absent fields stay as they are. */
export interface UserChange {
  role?: Role;
  teams?: string[];
  disabled?: boolean;
  /** A new hash from hashPassword; also stamps passwordUpdatedAt. */
  passwordHash?: string;
}

/** A user as shown by the API and the audit log: never the hash. */
export interface UserView {
  name: string;
  role: Role;
  teams: string[];
  disabled: boolean;
  passwordSet: boolean;
  passwordUpdatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A token as listed: never the hash nor the secret. */
export interface TokenView {
  id: string;
  name: string;
  user: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export function userView(user: UserRecord): UserView {
  return {
    name: user.name,
    role: user.role,
    teams: [...user.teams],
    disabled: user.disabled,
    passwordSet: user.passwordHash !== null,
    passwordUpdatedAt: user.passwordUpdatedAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function tokenView(token: TokenRecord): TokenView {
  return {
    id: token.id,
    name: token.name,
    user: token.user,
    scopes: [...token.scopes],
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    lastUsedAt: token.lastUsedAt,
  };
}
