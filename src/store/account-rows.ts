import type { SessionRecord, TokenRecord, UserRecord } from '../accounts/types.js';

/** The users table's row: teams as JSON text, disabled as 0 or 1. */
export interface UserRow {
  name: string;
  role: string;
  teams: string;
  disabled: number;
  password_hash: string | null;
  password_updated_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  hash: string;
  user_name: string;
  created_at: string;
  expires_at: string;
}

/** The tokens table's row: scopes as JSON text. */
export interface TokenRow {
  id: string;
  name: string;
  user_name: string;
  hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export function userRowToUser(row: UserRow): UserRecord {
  return {
    name: row.name,
    role: row.role as UserRecord['role'],
    teams: JSON.parse(row.teams) as string[],
    disabled: row.disabled !== 0,
    passwordHash: row.password_hash,
    passwordUpdatedAt: row.password_updated_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function userToRow(user: UserRecord): UserRow {
  return {
    name: user.name,
    role: user.role,
    teams: JSON.stringify(user.teams),
    disabled: user.disabled ? 1 : 0,
    password_hash: user.passwordHash,
    password_updated_at: user.passwordUpdatedAt,
    version: user.version,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

export function sessionRowToSession(row: SessionRow): SessionRecord {
  return {
    hash: row.hash,
    user: row.user_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export function tokenRowToToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    user: row.user_name,
    hash: row.hash,
    scopes: JSON.parse(row.scopes) as TokenRecord['scopes'],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export function tokenToRow(token: TokenRecord): TokenRow {
  return {
    id: token.id,
    name: token.name,
    user_name: token.user,
    hash: token.hash,
    scopes: JSON.stringify(token.scopes),
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    revoked_at: token.revokedAt,
    last_used_at: token.lastUsedAt,
  };
}

/** Whether the users include an enabled admin who can sign in: the last one may not go. */
export function hasActiveAdmin(users: readonly UserRecord[]): boolean {
  return users.some((u) => u.role === 'admin' && !u.disabled && u.passwordHash !== null);
}
