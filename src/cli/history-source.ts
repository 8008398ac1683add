import {
  presentChainState,
  presentHistoricState,
  presentTimeline,
} from '../api/status/history-present.js';
import { NotFoundError } from '../model/errors.js';
import {
  chainStateAt,
  parseMoment,
  serviceTimeline,
  TIMELINE_PAGE,
  timelineWindow,
} from '../runtime/history-queries.js';
import type { Store } from '../store/store.js';
import type { ShownStatus } from './query-source.js';
import type { RemoteClient } from './remote.js';

/** The chain at a moment as `status --at --json` prints it (the API's shape, in one page). */
export type ShownChainState = ReturnType<typeof presentChainState>;
/** A timeline as `timeline --json` prints it (the API's shape, every page). */
export type ShownTimeline = ReturnType<typeof presentTimeline>;

export interface TimelineWindow {
  from?: string;
  to?: string;
}

/** The status history, from a data folder or a server. */
export interface HistorySource {
  /** The whole chain at `time` (ISO 8601 with a zone). */
  chainAt(time: string): Promise<ShownChainState>;
  /** One service at `time`: operational with `since` null when nothing was recorded before. */
  serviceAt(time: string, id: string): Promise<ShownStatus>;
  timeline(id: string, window: TimelineWindow): Promise<ShownTimeline>;
}

const everything = Number.MAX_SAFE_INTEGER;

function stillOperational(service: string): ShownStatus {
  return { service, level: 'operational', maintenance: false, acknowledged: false, since: null };
}

/** Answers from a store (opened for each question by `withStore`). */
export function storeHistory(
  withStore: <T>(use: (store: Store) => Promise<T>) => Promise<T>,
  now: () => number = Date.now,
): HistorySource {
  const has = (compact: { serviceIds: readonly string[] }) => {
    const ids = new Set(compact.serviceIds);
    return { size: ids.size, has: (id: string) => ids.has(id) };
  };
  return {
    chainAt: (time) =>
      withStore(async (store) => {
        const at = parseMoment(time, '--at', now());
        const chain = await chainStateAt(store, has(await store.loadCompactModel()), at);
        return presentChainState(chain, 0, everything);
      }),
    serviceAt: (time, id) =>
      withStore(async (store) => {
        const at = parseMoment(time, '--at', now());
        if (!(await store.getService(id))) throw new NotFoundError(`no service '${id}'`);
        const [state] = await store.stateAt(at, [id]);
        return state ? presentHistoricState(state) : stillOperational(id);
      }),
    timeline: (id, window) =>
      withStore(async (store) => {
        const { from, to } = timelineWindow(window, now());
        if (!(await store.getService(id))) throw new NotFoundError(`no service '${id}'`);
        const first = await serviceTimeline(store, {
          service: id,
          from,
          to,
          limit: TIMELINE_PAGE.max,
        });
        const changes = [...first.changes];
        for (let after = first.next; after !== null; ) {
          const page = await serviceTimeline(store, {
            service: id,
            from,
            to,
            after,
            limit: TIMELINE_PAGE.max,
          });
          changes.push(...page.changes);
          after = page.next;
        }
        return presentTimeline({ ...first, changes, next: null });
      }),
  };
}

/** Answers from a server's API, every page of it. */
export function remoteHistory(client: RemoteClient): HistorySource {
  const service = (id: string) => `/api/v1/services/${encodeURIComponent(id)}`;
  const limit = '10000';
  return {
    chainAt: async (time) => {
      const first = await client.get<ShownChainState>('/api/v1/status/at', { time, limit });
      const { items } = first;
      for (let next = first.next; next !== null; ) {
        const page = await client.get<ShownChainState>('/api/v1/status/at', {
          time,
          limit,
          offset: String(next),
        });
        items.push(...page.items);
        next = page.next;
      }
      return { ...first, items, next: null };
    },
    serviceAt: async (time, id) => {
      // A 404 for a service the server does not know, as `status ID` gives.
      await client.get(`${service(id)}/status`);
      const chain = await client.get<ShownChainState>('/api/v1/status/at', { time, service: id });
      return chain.items[0] ?? stillOperational(id);
    },
    timeline: async (id, window) => {
      const query = { from: window.from, to: window.to, limit };
      const first = await client.get<ShownTimeline>(`${service(id)}/timeline`, query);
      const { changes } = first;
      for (let after = first.next; after !== null; ) {
        // The window the first page settled (`to` defaults to the server's now).
        const page = await client.get<ShownTimeline>(`${service(id)}/timeline`, {
          from: first.from,
          to: first.to,
          limit,
          after: String(after),
        });
        changes.push(...page.changes);
        after = page.next;
      }
      return { ...first, changes, next: null };
    },
  };
}
