import { type RawBuilder, sql } from 'kysely';

/** The PostgreSQL type of each non-text column a bulk statement may carry. */
const COLUMN_TYPES: Readonly<Record<string, string>> = {
  cost_per_hour: 'float8',
  weight: 'float8',
  slo: 'float8',
  version: 'int4',
  starts_at: 'int8',
  ends_at: 'int8',
  received_at: 'int8',
  signal_id: 'int8',
  id: 'text',
  n: 'int4',
};

/** Rows sent in one statement at most: bounded so no array parameter grows past a few MB. */
export const BULK_ROWS = 5000;

/**
 * `unnest($1::text[], $2::float8[], …) as alias(col1, col2, …)`: any number of rows as one
 * array parameter per column. Unlike a VALUES list it needs no cast per row and never meets
 * PostgreSQL's limit of 65,535 parameters a statement. `types` names columns whose type differs
 * from the defaults above (text unless listed).
 */
export function unnestRows(
  alias: string,
  columns: readonly string[],
  rows: readonly Readonly<Record<string, unknown>>[],
  types: Readonly<Record<string, string>> = {},
): RawBuilder<unknown> {
  const arrays = columns.map((column) => {
    const type = types[column] ?? COLUMN_TYPES[column] ?? 'text';
    const values = rows.map((row) => row[column] ?? null);
    return sql`${values}::${sql.raw(type)}[]`;
  });
  return sql`unnest(${sql.join(arrays)}) as ${sql.raw(alias)}(${sql.join(columns.map((c) => sql.ref(c)))})`;
}

/** `items` in slices of at most `size`. */
export function* slices<T>(items: readonly T[], size = BULK_ROWS): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
