import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../model/errors.js';

/** The one error shape of the API: `{ "error": { "code", "message", "details" } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Domain errors mapped once to HTTP status and a stable code. */
export function errorToResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof NotFoundError)
    return {
      status: 404,
      body: { error: { code: 'not_found', message: error.message, details: error.details } },
    };
  if (error instanceof InputError)
    return {
      status: 400,
      body: { error: { code: 'invalid_input', message: error.message, details: error.details } },
    };
  if (error instanceof ConflictError)
    return {
      status: 409,
      body: { error: { code: 'conflict', message: error.message, details: error.details } },
    };
  if (error instanceof ForbiddenError)
    return { status: 403, body: { error: { code: 'forbidden', message: error.message } } };
  const fastifyError = error as Partial<FastifyError>;
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return {
      status: fastifyError.statusCode,
      body: {
        error: {
          code: (fastifyError.code ?? 'bad_request').toLowerCase(),
          message: fastifyError.message ?? 'bad request',
        },
      },
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'internal error; see the server log' } },
  };
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorToResponse(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.status(status).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send({
    error: {
      code: 'not_found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    },
  } satisfies ErrorBody);
}
