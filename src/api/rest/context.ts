import type { FastifyReply, RouteShorthandOptions } from 'fastify';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Store, Versioned } from '../../store/store.js';
import type { CursorCodec } from './cursor.js';
import { entityTag } from './etag.js';
import type { ModelWriter } from './model-writer.js';
import { decodedBodyCompiler, jsonSerializerCompiler, typeboxCompiler } from './route-compilers.js';

/** What the REST resources share: the store, the engine, one writer and one cursor codec. */
export interface RestContext {
  store: Store;
  runtime: StatusRuntime;
  writer: ModelWriter;
  cursors: CursorCodec;
}

/** Route options of a read: TypeBox for params and query, plain JSON out. */
export const READ_ROUTE = {
  validatorCompiler: typeboxCompiler,
  serializerCompiler: jsonSerializerCompiler,
} satisfies RouteShorthandOptions;

/** Route options of an entity write: the body is decoded by the model decoder, not the schema. */
export const WRITE_ROUTE = {
  validatorCompiler: decodedBodyCompiler,
  serializerCompiler: jsonSerializerCompiler,
} satisfies RouteShorthandOptions;

/** Sends an entity with its ETag; `body` is its presented form. */
export function sendVersioned(
  reply: FastifyReply,
  versioned: Versioned<unknown>,
  body: unknown,
  status = 200,
): FastifyReply {
  return reply.status(status).header('etag', entityTag(versioned)).send(body);
}

/** Whether an If-None-Match header already names the current version (answer 304). */
export function notModified(header: string | undefined, versioned: Versioned<unknown>): boolean {
  if (header === undefined) return false;
  const tag = entityTag(versioned);
  return (
    header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)
  );
}
