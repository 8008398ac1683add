import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../model/errors.js';
import { ModelIndex } from '../../model/model-index.js';
import { didYouMean } from '../../model/suggest.js';
import type { Store } from '../../store/store.js';
import { presentParty } from '../present.js';

/** GET /api/v1/parties and /api/v1/parties/:id. */
export async function partyRoutes(
  app: FastifyInstance,
  { store }: { store: Store },
): Promise<void> {
  app.get('/api/v1/parties', { config: { access: 'read' } }, async () => {
    const parties = await store.listParties();
    return { items: parties.map((p) => presentParty(p)), total: parties.length };
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/parties/:id',
    { config: { access: 'read' } },
    async (request) => {
      const index = new ModelIndex(await store.loadModel());
      const party = index.parties.get(request.params.id);
      if (!party)
        throw new NotFoundError(
          `no party '${request.params.id}'${didYouMean(request.params.id, index.parties.keys())}`,
        );
      return presentParty(party, index);
    },
  );
}
