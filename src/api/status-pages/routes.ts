import type { FastifyInstance } from 'fastify';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Store } from '../../store/store.js';
import { statusPageAdminRoutes } from './admin-routes.js';
import { type StatusPageOptions, StatusPageViews } from './page-views.js';
import { statusPagePublicRoutes } from './public-routes.js';

export interface StatusPageRoutesOptions extends StatusPageOptions {
  store: Store;
  runtime: StatusRuntime;
}

/** Status pages: their configuration (admin API) and the pages themselves, sharing one cache. */
export async function statusPageRoutes(
  app: FastifyInstance,
  options: StatusPageRoutesOptions,
): Promise<void> {
  const { store, runtime, ...rest } = options;
  const views = new StatusPageViews(store, runtime, rest);
  await app.register(statusPageAdminRoutes, { store, views });
  await app.register(statusPagePublicRoutes, { views });
}
