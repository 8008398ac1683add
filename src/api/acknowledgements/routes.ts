import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { parseExpiry } from '../../ingest/expiry.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import type { AcknowledgementDesk } from '../../runtime/acknowledgement-desk.js';
import type { Store } from '../../store/store.js';
import { actorOf, assertCanEditService } from '../access.js';
import { IdParams, writeErrors } from '../schemas/common.js';
import { presentAcknowledgement } from './present.js';
import { AcknowledgeBody, AcknowledgementSchema } from './schemas.js';

export interface AcknowledgementRouteDeps {
  store: Store;
  desk: AcknowledgementDesk;
}

const TAGS = ['status'];

/**
 * Acknowledging a service's trouble and taking that back: the providing team's members,
 * editors and admins (access `owner`, as for a manual status).
 */
export async function acknowledgementRoutes(
  app: FastifyInstance,
  { store, desk }: AcknowledgementRouteDeps,
): Promise<void> {
  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof AcknowledgeBody> }>(
    '/api/v1/services/:id/acknowledgement',
    {
      config: { access: 'owner' },
      // Before the body is validated, so a caller who may not touch the service learns only that.
      preValidation: (request) => assertOwner(store, request),
      schema: {
        tags: TAGS,
        summary: "Acknowledge a service's trouble, with a note and an expiry",
        description:
          'Replaces the acknowledgement it had. Cleared when the service returns to operational; 409 when it is operational now.',
        params: IdParams,
        body: AcknowledgeBody,
        response: {
          200: AcknowledgementSchema,
          ...writeErrors([400, 401, 403, 404, 409]),
        },
      },
    },
    async (request) => {
      const expiresAt = parseExpiry(request.body.until, desk.now());
      if (typeof expiresAt === 'string')
        throw new InputError(`until: ${expiresAt}`, [{ path: 'body.until', message: expiresAt }]);
      const record = await desk.acknowledge({
        service: request.params.id,
        ...(request.body.note !== undefined && { note: request.body.note }),
        expiresAt,
        author: actorOf(request).id,
      });
      return presentAcknowledgement(record);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/services/:id/acknowledgement',
    {
      config: { access: 'owner' },
      schema: {
        tags: TAGS,
        summary: "Take back a service's acknowledgement",
        description: 'Answers the acknowledgement as cleared; 404 when none is in force.',
        params: IdParams,
        response: { 200: AcknowledgementSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request) => {
      await assertOwner(store, request);
      const cleared = await desk.unacknowledge(request.params.id, actorOf(request).id);
      return presentAcknowledgement(cleared);
    },
  );
}

async function assertOwner(store: Store, request: FastifyRequest<{ Params: { id: string } }>) {
  const service = await store.getService(request.params.id);
  if (!service) throw new NotFoundError(`no service '${request.params.id}'`);
  assertCanEditService(request.principal, [service.provider]);
}
