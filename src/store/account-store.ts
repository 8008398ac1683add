import type { SessionRecord, TokenRecord, UserChange, UserRecord } from '../accounts/types.js';
import type { Actor } from './store.js';

/** A user to create; versions and times are the store's. */
export interface NewUser {
  name: string;
  role: UserRecord['role'];
  teams: string[];
  passwordHash: string | null;
}

/**
 * Persistence of users, sessions and tokens. Changes to users and tokens write an audit record
 * (kind `user` or `token`, never a hash) in the same transaction; sessions are not audited.
 * Lists are deterministic: users by name, tokens by creation time then id.
 */
export interface AccountStore {
  countUsers(): Promise<number>;
  getUser(name: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  /** ConflictError when the name is taken. */
  createUser(user: NewUser, actor: Actor): Promise<UserRecord>;
  /**
   * NotFoundError for an unknown user; ConflictError when `expectVersion` is not the stored
   * version, or when no enabled admin with a password would be left (having had one).
   */
  updateUser(
    name: string,
    change: UserChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<UserRecord>;
  /** Also deletes the user's sessions and tokens. Errors as updateUser. */
  deleteUser(name: string, actor: Actor, expectVersion?: number): Promise<void>;
  createSession(session: SessionRecord): Promise<void>;
  /** The session by its hash, expired or not (the caller decides). */
  getSession(hash: string): Promise<SessionRecord | undefined>;
  deleteSession(hash: string): Promise<void>;
  /** Deletes a user's sessions, all but `exceptHash`; resolves to how many went. */
  deleteSessions(user: string, exceptHash?: string): Promise<number>;
  /** Deletes sessions that expired before `now` (ISO 8601); resolves to how many went. */
  deleteExpiredSessions(now: string): Promise<number>;
  /** ConflictError when the id or hash exists or the user does not. */
  createToken(token: TokenRecord, actor: Actor): Promise<void>;
  getToken(id: string): Promise<TokenRecord | undefined>;
  getTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  /** Every token, or one user's. */
  listTokens(user?: string): Promise<TokenRecord[]>;
  /**
   * Marks a token revoked at `at` (ISO 8601); NotFoundError when unknown. Revoking a revoked
   * token changes nothing and writes no audit record.
   */
  revokeToken(id: string, at: string, actor: Actor): Promise<TokenRecord>;
  /** Records a use (not audited). */
  touchToken(id: string, at: string): Promise<void>;
}
