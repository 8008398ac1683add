import type { FastifyInstance } from 'fastify';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Store } from '../../store/store.js';
import { dependencyRoutes } from '../dependencies/routes.js';
import { chainRoute } from '../model/chain-route.js';
import { interopRoutes } from '../model/interop-routes.js';
import { modelRoutes } from '../model/routes.js';
import { partyRoutes } from '../parties/routes.js';
import { serviceRoutes } from '../services/routes.js';
import { subscriptionRoutes } from '../subscriptions/routes.js';
import type { RestContext } from './context.js';
import { CursorCodec } from './cursor.js';
import { ModelWriter } from './model-writer.js';

export interface RestOptions {
  store: Store;
  runtime: StatusRuntime;
  /** Signs list cursors; share it between instances (default: random per process). */
  cursorSecret?: string;
}

/**
 * The model's REST resources (services, parties, dependencies, subscriptions) and services as
 * code (model validate, plan, apply, export), sharing one writer so that model writes of this
 * process happen one at a time.
 */
export async function restRoutes(app: FastifyInstance, options: RestOptions): Promise<void> {
  const context: RestContext = {
    store: options.store,
    runtime: options.runtime,
    writer: new ModelWriter(options.store, options.runtime),
    cursors: new CursorCodec(options.cursorSecret),
  };
  await app.register(serviceRoutes, context);
  await app.register(partyRoutes, context);
  await app.register(dependencyRoutes, context);
  await app.register(subscriptionRoutes, context);
  await app.register(modelRoutes, context);
  await app.register(interopRoutes, context);
  await app.register(chainRoute, context);
}
