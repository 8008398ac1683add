import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../model/errors.js';
import { ModelIndex } from '../../model/model-index.js';
import { didYouMean } from '../../model/suggest.js';
import type { Store } from '../../store/store.js';
import { presentService } from '../present.js';

/** GET /api/v1/services and /api/v1/services/:id. */
export async function serviceRoutes(
  app: FastifyInstance,
  { store }: { store: Store },
): Promise<void> {
  app.get('/api/v1/services', { config: { access: 'read' } }, async () => {
    const services = await store.listServices();
    return { items: services.map((s) => presentService(s)), total: services.length };
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/services/:id',
    { config: { access: 'read' } },
    async (request) => {
      const index = new ModelIndex(await store.loadModel());
      const service = index.services.get(request.params.id);
      if (!service)
        throw new NotFoundError(
          `no service '${request.params.id}'${didYouMean(request.params.id, index.services.keys())}`,
        );
      return presentService(service, index);
    },
  );
}
