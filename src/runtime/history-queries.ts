import type { ServiceState } from '../engine/types.js';
import { clip, parseRfc3339 } from '../ingest/fields.js';
import { InputError } from '../model/errors.js';
import { STATUS_LEVELS, type StatusLevel } from '../model/levels.js';
import type { HistoricState, HistoryStore, StatusChange } from '../store/history-store.js';

const DAY = 24 * 60 * 60 * 1000;
/** The longest window a timeline covers. */
export const TIMELINE_MAX_MS = 366 * DAY;
/** A timeline without `from` looks back this far from `to`. */
export const TIMELINE_DEFAULT_MS = 7 * DAY;
/** Changes per page of a timeline. */
export const TIMELINE_PAGE = { default: 1000, max: 10_000 } as const;

function refuse(path: string, message: string): InputError {
  return new InputError(`${path}: ${message}`, [{ path, message }]);
}

/**
 * A moment asked about: an ISO 8601 time with its zone (`2026-11-28T19:00:00Z`,
 * `2026-11-28T20:00:00+01:00`), not after `now`. InputError naming `path` otherwise.
 */
export function parseMoment(text: string, path: string, now: number): number {
  const at = parseRfc3339(text);
  if (at === undefined)
    throw refuse(
      path,
      `'${clip(text)}' is not an ISO 8601 time with a zone, e.g. 2026-11-28T19:00:00Z`,
    );
  if (at > now) throw refuse(path, `'${clip(text)}' is in the future`);
  return at;
}

/**
 * A timeline's window: `to` defaults to now, `from` to a week before `to`. Refuses `from` at or
 * after `to` and windows longer than TIMELINE_MAX_MS, naming the parameter.
 */
export function timelineWindow(
  query: { from?: string; to?: string },
  now: number,
): { from: number; to: number } {
  const to = query.to === undefined ? now : parseMoment(query.to, 'to', now);
  const from =
    query.from === undefined ? to - TIMELINE_DEFAULT_MS : parseMoment(query.from, 'from', now);
  if (from >= to) throw refuse('from', 'is not before to');
  if (to - from > TIMELINE_MAX_MS)
    throw refuse('from', `the window is longer than ${TIMELINE_MAX_MS / DAY} days`);
  return { from, to };
}

/** What the chain looked like at a moment. */
export interface ChainState {
  at: number;
  /** The services not operational or carrying a flag, by id. */
  items: HistoricState[];
  /** Every service of the current model, by the level it had. */
  counts: Record<StatusLevel, number>;
}

/** The services of the model now: how many, and whether one is among them. */
export interface CurrentServices {
  size: number;
  has(service: string): boolean;
}

/**
 * The chain at `at`, from the history. `items` may name services the model no longer has (they
 * had a status then); `counts` cover the services of the current model, those without a
 * recorded status counting as operational.
 */
export async function chainStateAt(
  history: HistoryStore,
  current: CurrentServices,
  at: number,
  services?: readonly string[],
): Promise<ChainState> {
  const items = await history.stateAt(at, services);
  const counts = Object.fromEntries(STATUS_LEVELS.map((level) => [level, 0])) as Record<
    StatusLevel,
    number
  >;
  let counted = 0;
  for (const item of items)
    if (current.has(item.service)) {
      counts[item.level]++;
      counted++;
    }
  counts.operational +=
    (services ? services.filter((s) => current.has(s)).length : current.size) - counted;
  return { at, items, counts };
}

/** A service's changes in a window, with the state it started the window in. */
export interface ServiceTimeline {
  service: string;
  from: number;
  to: number;
  /** Its state as the window starts; `since` is undefined when it never changed before. */
  state: ServiceState & { since?: number };
  changes: StatusChange[];
  /** The `after` of the next page, or null when this page is the last. */
  next: number | null;
}

export async function serviceTimeline(
  history: HistoryStore,
  query: { service: string; from: number; to: number; after?: number; limit?: number },
): Promise<ServiceTimeline> {
  const { service, from, to } = query;
  const limit = query.limit ?? TIMELINE_PAGE.default;
  // Before the window: a change exactly at `from` is the window's first, not its start.
  const [before] = await history.stateAt(from - 1, [service]);
  const changes = await history.listStatusChanges({
    from,
    to,
    services: [service],
    limit,
    ...(query.after !== undefined && { after: query.after }),
  });
  const state = before
    ? {
        level: before.level,
        maintenance: before.maintenance,
        acknowledged: before.acknowledged,
        since: before.since,
      }
    : { level: 'operational' as const, maintenance: false, acknowledged: false };
  const last = changes.at(-1);
  return {
    service,
    from,
    to,
    state,
    changes,
    next: changes.length === limit && last ? last.id : null,
  };
}
