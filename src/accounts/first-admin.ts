import type { Accounts } from './accounts.js';
import { constantTimeEqual, hashSecret, newSecret, SETUP_PREFIX } from './secrets.js';
import type { UserRecord } from './types.js';

/** The name the first admin gets. */
export const FIRST_ADMIN = 'admin';
/** The audit actor of what the server does on its own at first start. */
export const SETUP_ACTOR = { id: 'system:setup' } as const;

export type FirstStart =
  | { kind: 'has-users' }
  | { kind: 'created'; name: string }
  | { kind: 'setup-link'; secret: string; expiresAt: string };

/**
 * The first start: when no user exists, creates `admin` with `password` (from
 * SERVICECHAIN_ADMIN_PASSWORD) or, without one, opens a one-time setup secret for a link that
 * lets the first visitor choose the admin's password. The secret lives only in this process's
 * memory (its hash, in fact), is valid for `ttlMs`, and is spent by the first successful use.
 */
export class FirstAdminSetup {
  private pending: { hash: string; expiresAt: number } | undefined;

  constructor(
    private readonly accounts: Accounts,
    private readonly ttlMs = 60 * 60 * 1000,
  ) {}

  async start(password: string | undefined): Promise<FirstStart> {
    if ((await this.accounts.store.countUsers()) > 0) return { kind: 'has-users' };
    if (password !== undefined && password !== '') {
      await this.accounts.createUser({ name: FIRST_ADMIN, role: 'admin', password }, SETUP_ACTOR);
      return { kind: 'created', name: FIRST_ADMIN };
    }
    const secret = newSecret(SETUP_PREFIX);
    const expiresAt = this.accounts.now().getTime() + this.ttlMs;
    this.pending = { hash: hashSecret(secret), expiresAt };
    return { kind: 'setup-link', secret, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Whether `secret` is the open, unexpired setup secret (and no user exists yet). */
  async isOpen(secret: string): Promise<boolean> {
    const pending = this.pending;
    if (pending === undefined || this.accounts.now().getTime() >= pending.expiresAt) return false;
    if (!constantTimeEqual(hashSecret(secret), pending.hash)) return false;
    return (await this.accounts.store.countUsers()) === 0;
  }

  /**
   * Spends the secret: creates the admin with `password` (InputError when too weak, leaving the
   * link open). Undefined when the link is not open (used, expired, wrong, or users exist).
   */
  async complete(secret: string, password: string): Promise<UserRecord | undefined> {
    if (!(await this.isOpen(secret))) return undefined;
    const user = await this.accounts.createUser(
      { name: FIRST_ADMIN, role: 'admin', password },
      SETUP_ACTOR,
    );
    this.pending = undefined;
    return user;
  }
}
