import { type TSchema, Type } from 'typebox';
import { IdSchema } from './entities.js';
import { LIMITS } from './limits.js';

/** The error body every 4xx and 5xx answer carries. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable; see docs/api.md' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  {
    examples: [
      {
        error: {
          code: 'invalid_input',
          message: 'the service has 1 problem',
          details: [{ path: 'provider', message: "id 'Sales' is not a slug" }],
        },
      },
    ],
  },
);

/** Query fields every list takes: page size, the cursor of the next page, and the order. */
export const PageQueryFields = {
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: LIMITS.pageMax,
      default: LIMITS.pageDefault,
      description: 'items per page',
    }),
  ),
  cursor: Type.Optional(
    Type.String({
      maxLength: 1000,
      description: 'nextCursor of the previous page; only valid with the same filters and sort',
    }),
  ),
};

/** A page of a list: `nextCursor` is null on the last page; `total` counts every match. */
export function PageOf<T extends TSchema>(item: T) {
  const example = (item as { examples?: unknown[] }).examples?.[0];
  return Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer({ minimum: 0 }),
      nextCursor: Type.Union([Type.String(), Type.Null()]),
    },
    { examples: [{ items: [example], total: 1, nextCursor: null }] },
  );
}

export const IdParams = Type.Object({ id: IdSchema });

/** Answers every write route may give besides its success. */
export function writeErrors(codes: readonly number[]) {
  return Object.fromEntries(codes.map((code) => [code, ErrorSchema]));
}

/** Headers of a conditional write. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 1000,
      description: 'the ETag of the version you read; required (428 without, 412 when stale)',
      examples: ['"3-m1abcd"'],
    }),
  ),
});

/** The sort values of a list: each field, and each field with `-` for descending. */
export function sortNames<T extends string>(names: readonly T[]): (T | `-${T}`)[] {
  return names.flatMap((name) => [name, `-${name}` as const]);
}
