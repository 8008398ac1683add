import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import type { TSchema } from 'typebox';

/**
 * Validates params, query strings and headers with TypeBox (query values converted from text),
 * and bodies too. The app's default validator does not convert query text to numbers.
 */
export const typeboxCompiler: FastifySchemaCompiler<TSchema> = (context) =>
  TypeBoxValidatorCompiler(context);

/**
 * As `typeboxCompiler`, except that the body passes through unchecked: the route decodes it with
 * the model file decoder, which reports every problem with its field path. The body schema is
 * then documentation (OpenAPI) only, and cannot disagree with what model files accept.
 */
export const decodedBodyCompiler: FastifySchemaCompiler<TSchema> = (context) =>
  context.httpPart === 'body' ? (value: unknown) => ({ value }) : TypeBoxValidatorCompiler(context);

/**
 * Plain JSON for responses: the response schemas document the answers, and must never drop a
 * field that the schema does not spell out (as a schema-driven serializer would).
 */
export const jsonSerializerCompiler: FastifySerializerCompiler<unknown> = () => (data) =>
  JSON.stringify(data);
