import type { FastifyInstance, RouteOptions } from 'fastify';
import { Accounts } from '../src/accounts/accounts.js';
import { LoginThrottle } from '../src/accounts/login-throttle.js';
import type { Role, TokenScope } from '../src/accounts/types.js';
import { createApp } from '../src/api/app.js';
import { createAuthenticate } from '../src/api/auth/authenticate.js';
import { planFiles } from '../src/as-code/model-files.js';
import { planToChanges } from '../src/as-code/plan.js';
import { demoModelPath } from '../src/package-root.js';
import { StatusRuntime } from '../src/runtime/status-runtime.js';
import type { Store } from '../src/store/store.js';
import { openTestStore } from './test-store.js';

/** Cheap scrypt for tests only. */
export const TEST_SCRYPT = { log2N: 10, r: 8, p: 1 };
export const TEST_PASSWORD = 'test password!';

export interface AccountsApp {
  app: FastifyInstance;
  store: Store;
  accounts: Accounts;
  /** Every route as added, HEAD included. */
  routes: RouteOptions[];
  close(): Promise<void>;
}

/**
 * The API over the demo model with real accounts: sessions and tokens as the server has them,
 * and the admin `root` (password TEST_PASSWORD).
 */
export async function accountsApp(): Promise<AccountsApp> {
  const store = await openTestStore();
  await store.migrate();
  const outcome = await planFiles(demoModelPath(), await store.loadModel(), { prune: false });
  if (!outcome.ok) throw new Error('the demo model is invalid');
  await store.applyChanges(planToChanges(outcome.value.plan, outcome.value.desired), {
    id: 'test',
  });
  const accounts = new Accounts(store, {
    scryptCost: TEST_SCRYPT,
    throttle: new LoginThrottle({ ...defaultThrottle(), accountFree: 1000, addressFree: 1000 }),
  });
  await accounts.createUser(
    { name: 'root', role: 'admin', password: TEST_PASSWORD },
    { id: 'test' },
  );
  const runtime = await StatusRuntime.start(store, () => Date.parse('2026-11-28T12:00:00Z'));
  const routes: RouteOptions[] = [];
  const app = await createApp({
    store,
    runtime,
    accounts,
    authenticate: createAuthenticate(accounts),
    onRoute: (route) => routes.push(route),
  });
  return {
    app,
    store,
    accounts,
    routes,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

function defaultThrottle() {
  return {
    accountFree: 5,
    addressFree: 20,
    baseDelayMs: 1000,
    maxDelayMs: 900_000,
    forgetAfterMs: 3_600_000,
    maxKeys: 1000,
  };
}

/** A user with a browser session: the Cookie and X-CSRF-Token headers to send. */
export async function signedIn(
  accounts: Accounts,
  name: string,
  role: Role,
  teams: string[] = [],
): Promise<{ cookie: string; csrf: string }> {
  if ((await accounts.store.getUser(name)) === undefined)
    await accounts.createUser({ name, role, teams, password: TEST_PASSWORD }, { id: 'test' });
  const result = await accounts.signIn(name, TEST_PASSWORD, 'test');
  if (!result.ok) throw new Error(`could not sign in ${name}`);
  return { cookie: `sc_session=${result.secret}`, csrf: result.csrfToken };
}

/** A token of `root` (an admin) with the given scopes: its Authorization header and id. */
export async function rootToken(
  accounts: Accounts,
  scopes: TokenScope[],
): Promise<{ authorization: string; id: string }> {
  const { token, secret } = await accounts.createToken(
    { user: 'root', name: `test ${scopes.join(' ')}`, scopes },
    { id: 'test' },
  );
  return { authorization: `Bearer ${secret}`, id: token.id };
}
