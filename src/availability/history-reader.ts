import {
  type HistoryStore,
  STATUS_CHANGES_MAX_LIMIT,
  type StatusChange,
} from '../store/history-store.js';
import type { StateTimeline, TimedState } from './timeline.js';

/** What availability reads of the history. */
export type HistoryReader = Pick<HistoryStore, 'stateAt' | 'listStatusChanges'>;

const OPERATIONAL = { level: 'operational', maintenance: false } as const;

/**
 * The timelines of `services` (every service when absent) over `[from, end)`: the state at `from`
 * and the changes after it. A service with neither is absent from the map: it was operational
 * throughout.
 */
export async function loadTimelines(
  history: HistoryReader,
  from: number,
  end: number,
  services?: readonly string[],
  pageSize = STATUS_CHANGES_MAX_LIMIT,
): Promise<Map<string, StateTimeline>> {
  const timelines = new Map<string, { initial: StateTimeline['initial']; changes: TimedState[] }>();
  const timeline = (service: string) => {
    let found = timelines.get(service);
    if (!found) {
      found = { initial: OPERATIONAL, changes: [] };
      timelines.set(service, found);
    }
    return found;
  };
  for (const state of await history.stateAt(from, services))
    timeline(state.service).initial = { level: state.level, maintenance: state.maintenance };
  for await (const page of pagesBetween(history, from, end, services, pageSize)) {
    for (const change of page) {
      // A change at `from` is already in the state at `from`.
      if (change.at <= from) continue;
      timeline(change.service).changes.push({
        at: change.at,
        level: change.to.level,
        maintenance: change.to.maintenance,
      });
    }
  }
  return timelines;
}

/**
 * Every change with `from <= at < end`, in (at, id) order, in pages (one await a page, not a
 * change: a month of a large chain is a hundred thousand changes). Pages continue from
 * the last page's `at` (ids grow in recording order, not in time order, so they cannot be the
 * cursor); the changes at that `at` already read are skipped, and a page that is all one `at`
 * is finished on its own with the id cursor.
 */
async function* pagesBetween(
  history: HistoryReader,
  from: number,
  end: number,
  services: readonly string[] | undefined,
  limit: number,
): AsyncGenerator<StatusChange[]> {
  const query = services ? { services } : {};
  let cursor = from;
  let seenAtCursor = new Set<number>();
  while (cursor < end) {
    const page = await history.listStatusChanges({ ...query, from: cursor, to: end, limit });
    const last = page[page.length - 1];
    yield seenAtCursor.size === 0 ? page : page.filter((change) => !seenAtCursor.has(change.id));
    if (!last || page.length < limit) return;
    if ((page[0] as StatusChange).at === last.at) {
      yield* oneMoment(history, last.at, highestId(page), query, limit);
      cursor = last.at + 1;
      seenAtCursor = new Set();
      continue;
    }
    seenAtCursor = new Set(page.filter((c) => c.at === last.at).map((c) => c.id));
    cursor = last.at;
  }
}

/** The rest of the changes at one `at`, after the id `after`. */
async function* oneMoment(
  history: HistoryReader,
  at: number,
  after: number,
  query: { services?: readonly string[] },
  limit: number,
): AsyncGenerator<StatusChange[]> {
  for (let cursor = after; ; ) {
    const page = await history.listStatusChanges({
      ...query,
      from: at,
      to: at + 1,
      after: cursor,
      limit,
    });
    yield page;
    if (page.length < limit) return;
    cursor = highestId(page);
  }
}

function highestId(page: readonly StatusChange[]): number {
  let highest = Number.NEGATIVE_INFINITY;
  for (const change of page) if (change.id > highest) highest = change.id;
  return highest;
}
