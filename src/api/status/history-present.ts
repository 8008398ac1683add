import type { ChainState, ServiceTimeline } from '../../runtime/history-queries.js';
import type { HistoricState, StatusChange } from '../../store/history-store.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A service's state at a past moment, as the API and `status --at --json` show it. */
export function presentHistoricState(state: HistoricState) {
  return {
    service: state.service,
    level: state.level,
    maintenance: state.maintenance,
    acknowledged: state.acknowledged,
    since: iso(state.since),
  };
}

/** One page (`offset`, `limit`) of the chain at a moment. */
export function presentChainState(chain: ChainState, offset: number, limit: number) {
  const end = offset + limit;
  return {
    at: iso(chain.at),
    items: chain.items.slice(offset, end).map(presentHistoricState),
    total: chain.items.length,
    next: end < chain.items.length ? end : null,
    counts: chain.counts,
  };
}

export function presentChange(change: StatusChange) {
  const { id, at, from, to, cause } = change;
  return { id, at: iso(at), from, to, cause };
}

export function presentTimeline(timeline: ServiceTimeline) {
  const { since, ...state } = timeline.state;
  return {
    service: timeline.service,
    from: iso(timeline.from),
    to: iso(timeline.to),
    state: { ...state, since: since === undefined ? null : iso(since) },
    changes: timeline.changes.map(presentChange),
    next: timeline.next,
  };
}
