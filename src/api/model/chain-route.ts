import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ModelIndex } from '../../model/model-index.js';
import { presentParty, presentService } from '../present.js';
import { READ_ROUTE, type RestContext } from '../rest/context.js';
import { PartyOutput, ServiceOutput } from '../schemas/entities.js';

/** Audit kinds that change the model, so their newest record names the model's version. */
const MODEL_KINDS = ['party', 'service', 'dependency', 'subscription'] as const;

const ChainAnswer = Type.Object(
  {
    services: Type.Array(ServiceOutput),
    parties: Type.Array(PartyOutput),
  },
  {
    examples: [
      {
        services: [
          {
            id: 'erp',
            name: 'SAP ERP',
            label: 'application',
            provider: 'enterprise-apps',
            lifecycle: 'production',
            rule: 'worst',
            labels: {},
            tags: [],
            links: [],
            signals: [],
            dependsOn: [{ service: 'sap-hana', impact: 'as-is', weight: 1 }],
            dependencyOf: ['order-to-cash'],
            consumedBy: [{ party: 'finance' }],
          },
        ],
        parties: [
          {
            id: 'finance',
            name: 'Finance',
            kind: 'team',
            labels: {},
            tags: [],
            links: [],
            contacts: [],
            provides: [],
            consumes: [{ service: 'erp' }],
            members: [],
          },
        ],
      },
    ],
  },
);

/**
 * The whole chain in one answer: every service and party with its relations, as single GETs
 * show them. A client that shows the whole model (the web UI's board and map) reads this once
 * instead of paging through four lists; the tag names the newest model change, so an unchanged
 * model answers 304.
 */
export async function chainRoute(app: FastifyInstance, context: RestContext): Promise<void> {
  const { store } = context;
  app.get(
    '/api/v1/model/chain',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: ['model'],
        summary: 'The whole model with relations, in one answer',
        description:
          'Every service (by id) with dependsOn, dependencyOf and consumedBy, and every party (by id) with provides, consumes and members. The ETag changes with every model change; If-None-Match with the current tag answers 304.',
        response: { 200: ChainAnswer, 304: { type: 'null', description: 'not changed' } },
      },
    },
    async (request, reply) => {
      // The version is read before the model, so a change landing in between gives an older tag
      // with newer content: the next request refetches, never the other way round.
      const [newest] = await store.listAudit({ limit: 1, kind: MODEL_KINDS });
      const tag = `W/"model-${newest?.id ?? 0}"`;
      void reply.header('etag', tag).header('cache-control', 'private, no-cache');
      const asked = request.headers['if-none-match'];
      if (asked?.split(',').some((t) => t.trim() === tag)) return reply.code(304).send();
      const model = await store.loadModel();
      const index = new ModelIndex(model);
      return {
        services: model.services.map((s) => presentService(s, index)),
        parties: model.parties.map((p) => presentParty(p, index)),
      };
    },
  );
}
