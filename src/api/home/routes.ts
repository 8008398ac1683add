import type { FastifyInstance } from 'fastify';
import { WEB_BASE } from '../web/routes.js';

/**
 * `/` leads to the web UI, which shows the board to a signed-in user and its sign-in page to
 * anyone else. Public, and left out of the OpenAPI document: a page, not part of the API.
 */
export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.status(303).header('location', WEB_BASE).send(),
  );
}
