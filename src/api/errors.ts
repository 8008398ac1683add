import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../model/errors.js';

/** The one error shape of the API: `{ "error": { "code", "message", "details" } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** One problem with a request, at its field: `path` is dotted, e.g. `signals[0].match`. */
export interface FieldDetail {
  path: string;
  message: string;
}

/**
 * An answer that only HTTP has a word for (a failed precondition, a body too large), with its
 * stable code. Domain code throws domain errors; this is for the api layer alone.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 428: a write that must say which version it read (If-Match) did not. */
export function preconditionRequired(what: string): ApiError {
  return new ApiError(
    428,
    'precondition_required',
    `${what}: send If-Match with the ETag you read, so that no other change is overwritten`,
  );
}

/** 412: the version the client read is no longer the stored one. */
export function preconditionFailed(what: string, current?: string): ApiError {
  return new ApiError(
    412,
    'precondition_failed',
    `${what} has changed since you read it: read it again, reapply your change, and retry`,
    current === undefined ? undefined : { etag: current },
  );
}

/** 422: well-formed input that would leave the model invalid (a dangling reference, a cycle). */
export function invalidModel(message: string, details: unknown): ApiError {
  return new ApiError(422, 'invalid_model', message, details);
}

/** Stable codes for the errors Fastify itself raises, by its code. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: 'the request body is larger than this route accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'the body is empty but its content type says JSON',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'the body is not valid JSON',
  },
  FST_ERR_VALIDATION: { status: 400, code: 'invalid_input' },
  // Raised by the router before any route (app.ts passes them here as frameworkErrors).
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'bad_url',
    message: 'the path is not valid: a percent-escape is not UTF-8',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'uri_too_long',
    message: 'a part of the path is longer than any id the API has',
  },
};

/** Codes by status for other client errors, so every 4xx has a documented code. */
const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  411: 'length_required',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'invalid_model',
  428: 'precondition_required',
  429: 'rate_limited',
  431: 'headers_too_large',
};

function body(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined
    ? { error: { code, message } }
    : { error: { code, message, details } };
}

/** Domain errors mapped once to HTTP status and a stable code. */
export function errorToResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ApiError)
    return { status: error.status, body: body(error.code, error.message, error.details) };
  if (error instanceof NotFoundError)
    return { status: 404, body: body('not_found', error.message, error.details) };
  if (error instanceof InputError)
    return { status: 400, body: body('invalid_input', error.message, error.details) };
  if (error instanceof ConflictError)
    return { status: 409, body: body('conflict', error.message, error.details) };
  if (error instanceof ForbiddenError)
    return { status: 403, body: body('forbidden', error.message) };
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (fastifyError.code === 'FST_ERR_VALIDATION') {
    const details = validationDetails(fastifyError);
    const first = details[0];
    const message = first
      ? `${first.path}: ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`
      : (fastifyError.message ?? 'the request is not valid');
    return { status: 400, body: body('invalid_input', message, details) };
  }
  if (known) {
    return {
      status: known.status,
      body: body(known.code, known.message ?? fastifyError.message ?? known.code),
    };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      body: body(STATUS_CODES[status] ?? `http_${status}`, fastifyError.message ?? 'bad request'),
    };
  }
  return { status: 500, body: body('internal', 'internal error; see the server log') };
}

/** Fastify's schema errors as `{ path, message }`, the path prefixed by the request part. */
function validationDetails(error: Partial<FastifyError>): FieldDetail[] {
  const part = error.validationContext ?? 'body';
  const seen = new Set<string>();
  const details = (error.validation ?? []).map((item) => {
    const pointer = item.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    const missing = (item.params as { missingProperty?: unknown } | undefined)?.missingProperty;
    if (typeof missing === 'string') pointer.push(missing);
    return { path: [part, ...pointer].join('.'), message: item.message ?? 'is not valid' };
  });
  return details.filter((detail) => {
    const key = `${detail.path}\n${detail.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
