import type { CursorCodec, CursorPosition } from './cursor.js';

export type SortKey = string | number | null;

/** What a list can be sorted by: a name (`name`, or `-name` for descending) and its key. */
export type Sorts<T> = Record<string, (item: T) => SortKey>;

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export interface PageOptions<T> {
  sorts: Sorts<T>;
  /** `name` or `-name`; must be one of `sorts` (the query schema lists them). */
  sort: string;
  id: (item: T) => string;
  limit: number;
  cursor?: string;
  /** The filters in a canonical text: a cursor is only valid for the query that gave it. */
  query: string;
  codec: CursorCodec;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/**
 * One page of `items` in the asked order, ties broken by id (so the order is total and a page
 * boundary never skips or repeats an item, even when items are added or removed between pages).
 */
export function paginate<T>(all: readonly T[], options: PageOptions<T>): Page<T> {
  const descending = options.sort.startsWith('-');
  const name = descending ? options.sort.slice(1) : options.sort;
  const keyOf = options.sorts[name];
  if (!keyOf) throw new Error(`no sort '${name}'`); // the query schema lets only known sorts in
  const direction = descending ? -1 : 1;
  const compare = (a: CursorPosition, b: CursorPosition) =>
    direction * compareKeys(a.key, b.key) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const keyed = all.map((item) => ({ item, at: { key: keyOf(item), id: options.id(item) } }));
  keyed.sort((a, b) => compare(a.at, b.at));
  let start = 0;
  if (options.cursor !== undefined) {
    const after = options.codec.decode(`${options.sort}|${options.query}`, options.cursor);
    let low = 0;
    let high = keyed.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare((keyed[middle] as (typeof keyed)[number]).at, after) <= 0) low = middle + 1;
      else high = middle;
    }
    start = low;
  }
  const slice = keyed.slice(start, start + options.limit);
  const last = slice[slice.length - 1];
  const more = start + options.limit < keyed.length;
  return {
    items: slice.map((entry) => entry.item),
    total: keyed.length,
    nextCursor:
      more && last ? options.codec.encode(`${options.sort}|${options.query}`, last.at) : null,
  };
}
