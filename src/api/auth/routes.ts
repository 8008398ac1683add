import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import type { FirstAdminSetup } from '../../accounts/first-admin.js';
import { authRoutes } from './auth-routes.js';
import { pageRoutes } from './pages.js';
import { tokenRoutes } from './token-routes.js';
import { userRoutes } from './user-routes.js';

export interface AccountRoutesOptions {
  accounts: Accounts;
  /** The first-start setup link's state, when the server opened one. */
  setup?: FirstAdminSetup;
}

/** Sign-in, sessions, users, tokens and the sign-in and setup pages. */
export async function accountRoutes(
  app: FastifyInstance,
  options: AccountRoutesOptions,
): Promise<void> {
  await app.register(authRoutes, options);
  await app.register(userRoutes, options);
  await app.register(tokenRoutes, options);
  await app.register(pageRoutes, options);
}
