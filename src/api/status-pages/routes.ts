import type { FastifyInstance } from 'fastify';
import type { SecretBox } from '../../notify/secret-box.js';
import type { Subscriptions } from '../../notify/subscriptions.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Store } from '../../store/store.js';
import { statusPageAdminRoutes } from './admin-routes.js';
import { type StatusPageOptions, StatusPageViews } from './page-views.js';
import { statusPagePublicRoutes } from './public-routes.js';
import { formToken } from './sign-up-form.js';
import { statusPageSignUpRoutes } from './sign-up-routes.js';

export interface StatusPageRoutesOptions extends StatusPageOptions {
  store: Store;
  runtime: StatusRuntime;
  /** With these, and mail, public pages offer the email sign-up form (sign-up-routes.ts). */
  subscriptions?: Subscriptions;
  box?: SecretBox;
  /**
   * Whether mail can be sent. Without it no address could ever confirm, so no page shows the
   * form and its target answers 404.
   */
  mail?: boolean;
}

/**
 * Status pages: their configuration (admin API), the pages themselves sharing one cache, and the
 * public pages' sign-up form.
 */
export async function statusPageRoutes(
  app: FastifyInstance,
  options: StatusPageRoutesOptions,
): Promise<void> {
  const { store, runtime, subscriptions, box, mail = false, ...rest } = options;
  const views = new StatusPageViews(store, runtime, rest);
  const now = rest.now ?? Date.now;
  await app.register(statusPageAdminRoutes, { store, views });
  if (!subscriptions || !box) {
    await app.register(statusPagePublicRoutes, { views });
    return;
  }
  await app.register(statusPagePublicRoutes, {
    views,
    ...(mail && { formToken: (slug: string) => formToken(box, slug, now()) }),
  });
  // Registered without mail too, so that a post to it gets a page saying there is no sign-up.
  await app.register(statusPageSignUpRoutes, { views, store, subscriptions, box, now, mail });
}
