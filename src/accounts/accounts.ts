import { ConflictError, InputError, NotFoundError } from '../model/errors.js';
import type { AccountStore } from '../store/account-store.js';
import type { Actor } from '../store/store.js';
import { LoginThrottle } from './login-throttle.js';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  passwordProblem,
  type ScryptCost,
  verifyNothing,
  verifyPassword,
} from './passwords.js';
import { tokenPrincipal, tokenUnusableReason, userPrincipal } from './principals.js';
import type { Principal } from './roles.js';
import {
  csrfTokenFor,
  hashSecret,
  isSecretShaped,
  newSecret,
  newTokenId,
  SESSION_PREFIX,
  TOKEN_PREFIX,
} from './secrets.js';
import type { Role, TokenRecord, TokenScope, UserRecord } from './types.js';
import {
  isRole,
  isTokenScope,
  scopesAllowedFor,
  teamProblems,
  throwIfProblems,
  tokenNameProblem,
  userNameProblem,
} from './validate.js';

/** The store the accounts need: users, sessions, tokens, and parties to check teams against. */
export type AccountsStore = AccountStore & {
  getParty(id: string): Promise<unknown | undefined>;
};

export interface AccountsOptions {
  now?: () => Date;
  /** How long a browser session lasts from sign-in (default 12 hours). */
  sessionTtlMs?: number;
  scryptCost?: ScryptCost;
  throttle?: LoginThrottle;
  /** A token's last use is written at most this often (default 60 s). */
  touchIntervalMs?: number;
}

export type SignInResult =
  | { ok: true; user: UserRecord; secret: string; csrfToken: string; expiresAt: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

export interface NewUserInput {
  name: string;
  role: Role;
  teams?: string[];
  /** Without one the user cannot sign in until an admin sets it. */
  password?: string;
}

export interface UserUpdateInput {
  role?: Role;
  teams?: string[];
  disabled?: boolean;
  password?: string;
}

export interface NewTokenInput {
  user: string;
  name: string;
  scopes: TokenScope[];
  /** Days until it expires, 1 to 3650; null for never (default 90). */
  expiresInDays?: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The account use cases: sign-in with a brute-force limit, sessions, users and tokens. Knows
 * nothing of HTTP; the API and the CLI call it. Secrets leave it only once, when created.
 */
export class Accounts {
  readonly now: () => Date;
  private readonly sessionTtlMs: number;
  private readonly cost: ScryptCost;
  private readonly throttle: LoginThrottle;
  private readonly touchIntervalMs: number;
  private readonly touched = new Map<string, number>();

  constructor(
    readonly store: AccountsStore,
    options: AccountsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 60 * 60 * 1000;
    this.cost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
    this.throttle = options.throttle ?? new LoginThrottle(undefined, () => this.now().getTime());
    this.touchIntervalMs = options.touchIntervalMs ?? 60_000;
  }

  /** Checks a name and password, within the brute-force limit, and opens a session. */
  async signIn(name: string, password: string, address: string): Promise<SignInResult> {
    const retryAfterMs = this.throttle.retryAfterMs(name, address);
    if (retryAfterMs > 0) return { ok: false, reason: 'throttled', retryAfterMs };
    const user = userNameProblem(name) === undefined ? await this.store.getUser(name) : undefined;
    const matches =
      user?.passwordHash != null && typeof password === 'string'
        ? await verifyPassword(password, user.passwordHash)
        : await verifyNothing(String(password));
    if (!matches || user === undefined || user.disabled) {
      this.throttle.failed(name, address);
      return { ok: false, reason: 'invalid' };
    }
    this.throttle.succeeded(name);
    return { ok: true, user, ...(await this.openSession(user)) };
  }

  /** A new session for a user already proven (sign-in, first-start setup). */
  async openSession(
    user: UserRecord,
  ): Promise<{ secret: string; csrfToken: string; expiresAt: string }> {
    const secret = newSecret(SESSION_PREFIX);
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs).toISOString();
    await this.store.deleteExpiredSessions(now.toISOString());
    await this.store.createSession({
      hash: hashSecret(secret),
      user: user.name,
      createdAt: now.toISOString(),
      expiresAt,
    });
    return { secret, csrfToken: csrfTokenFor(secret), expiresAt };
  }

  async signOut(sessionSecret: string): Promise<void> {
    await this.store.deleteSession(hashSecret(sessionSecret));
  }

  /** Who a session cookie belongs to, with its CSRF token; undefined when not valid now. */
  async session(
    secret: string,
  ): Promise<{ principal: Principal; user: UserRecord; csrfToken: string } | undefined> {
    if (!isSecretShaped(secret, SESSION_PREFIX)) return undefined;
    const session = await this.store.getSession(hashSecret(secret));
    if (session === undefined || Date.parse(session.expiresAt) <= this.now().getTime())
      return undefined;
    const user = await this.store.getUser(session.user);
    if (user === undefined || user.disabled) return undefined;
    return { principal: userPrincipal(user), user, csrfToken: csrfTokenFor(secret) };
  }

  /** Who an API token acts for; undefined when unknown, expired, revoked or its user disabled. */
  async token(secret: string): Promise<Principal | undefined> {
    if (!isSecretShaped(secret, TOKEN_PREFIX)) return undefined;
    const token = await this.store.getTokenByHash(hashSecret(secret));
    if (token === undefined) return undefined;
    const user = await this.store.getUser(token.user);
    const now = this.now();
    if (tokenUnusableReason(token, user, now) !== undefined || user === undefined) return undefined;
    const last = this.touched.get(token.id) ?? 0;
    if (now.getTime() - last >= this.touchIntervalMs) {
      this.touched.set(token.id, now.getTime());
      await this.store.touchToken(token.id, now.toISOString());
    }
    return tokenPrincipal(token, user);
  }

  async createUser(input: NewUserInput, actor: Actor): Promise<UserRecord> {
    const teams = input.teams ?? [];
    const problems = await this.userProblems({ ...input, teams });
    const nameProblem = userNameProblem(input.name);
    if (nameProblem) problems.unshift({ path: 'name', message: nameProblem });
    throwIfProblems(problems, 'the user is not valid');
    const passwordHash =
      input.password === undefined ? null : await hashPassword(input.password, this.cost);
    return this.store.createUser(
      { name: input.name, role: input.role, teams, passwordHash },
      actor,
    );
  }

  /**
   * Changes a user. A new password or disabling ends the user's sessions, all but `keepSession`
   * (the hash of the caller's own, when users change their own password).
   */
  async updateUser(
    name: string,
    input: UserUpdateInput,
    actor: Actor,
    expectVersion?: number,
    keepSession?: string,
  ): Promise<UserRecord> {
    throwIfProblems(await this.userProblems(input), 'the change is not valid');
    const passwordHash =
      input.password === undefined ? undefined : await hashPassword(input.password, this.cost);
    const updated = await this.store.updateUser(
      name,
      { role: input.role, teams: input.teams, disabled: input.disabled, passwordHash },
      actor,
      expectVersion,
    );
    if (passwordHash !== undefined || input.disabled === true)
      await this.store.deleteSessions(name, keepSession);
    return updated;
  }

  /** Users change their own password by giving the current one (within the sign-in limit). */
  async changeOwnPassword(
    name: string,
    current: string,
    next: string,
    address: string,
    keepSession?: string,
  ): Promise<UserRecord> {
    const checked = await this.verify(name, current, address);
    if (!checked)
      throw new InputError('the current password is not right', [
        { path: 'current', message: 'the current password is not right' },
      ]);
    return this.updateUser(
      name,
      { password: next },
      { id: `user:${name}` },
      undefined,
      keepSession,
    );
  }

  async deleteUser(name: string, actor: Actor, expectVersion?: number): Promise<void> {
    await this.store.deleteUser(name, actor, expectVersion);
  }

  /** A new token; the secret is returned here once and never again. */
  async createToken(
    input: NewTokenInput,
    actor: Actor,
  ): Promise<{ token: TokenRecord; secret: string }> {
    const user = await this.store.getUser(input.user);
    if (user === undefined) throw new NotFoundError(`no user '${input.user}'`);
    const problems = [];
    const nameProblem = tokenNameProblem(input.name);
    if (nameProblem) problems.push({ path: 'name', message: nameProblem });
    const allowed = scopesAllowedFor(user.role);
    if (!Array.isArray(input.scopes) || input.scopes.length === 0)
      problems.push({ path: 'scopes', message: 'give at least one scope' });
    else
      input.scopes.forEach((scope, i) => {
        if (!isTokenScope(scope) || !allowed.includes(scope))
          problems.push({
            path: `scopes[${i}]`,
            message: `'${String(scope)}' is not a scope a ${user.role} may grant (${allowed.join(', ')})`,
          });
      });
    const days = input.expiresInDays === undefined ? 90 : input.expiresInDays;
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650))
      problems.push({
        path: 'expiresInDays',
        message: 'expiresInDays is a whole number from 1 to 3650, or null',
      });
    throwIfProblems(problems, 'the token is not valid');
    const secret = newSecret(TOKEN_PREFIX);
    const now = this.now();
    const token: TokenRecord = {
      id: newTokenId(),
      name: input.name,
      user: user.name,
      scopes: [...new Set(input.scopes)],
      hash: hashSecret(secret),
      createdAt: now.toISOString(),
      expiresAt: days === null ? null : new Date(now.getTime() + days * DAY_MS).toISOString(),
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.store.createToken(token, actor);
    return { token, secret };
  }

  /** Revokes at once: the very next request with the token is refused. */
  async revokeToken(id: string, actor: Actor): Promise<TokenRecord> {
    return this.store.revokeToken(id, this.now().toISOString(), actor);
  }

  private async verify(name: string, password: string, address: string): Promise<boolean> {
    if (this.throttle.retryAfterMs(name, address) > 0)
      throw new ConflictError('too many wrong passwords; wait and try again');
    const user = await this.store.getUser(name);
    const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : false;
    if (ok) this.throttle.succeeded(name);
    else this.throttle.failed(name, address);
    return ok;
  }

  private async userProblems(input: UserUpdateInput) {
    const problems = [];
    if (input.role !== undefined && !isRole(input.role))
      problems.push({
        path: 'role',
        message: `role '${String(input.role)}' is not viewer, editor or admin`,
      });
    if (input.password !== undefined) {
      const problem = passwordProblem(input.password);
      if (problem) problems.push({ path: 'password', message: problem });
    }
    if (input.teams !== undefined) {
      const teamList = teamProblems(input.teams);
      problems.push(...teamList);
      if (teamList.length === 0)
        for (const [i, team] of input.teams.entries())
          if ((await this.store.getParty(team)) === undefined)
            problems.push({ path: `teams[${i}]`, message: `no party '${team}'` });
    }
    return problems;
  }
}
