import type { HistoryStore } from '../store/history-store.js';
import type { StateTimeline, TimedState } from './timeline.js';

/** What availability reads of the history. */
export type HistoryReader = Pick<HistoryStore, 'stateAt' | 'listStateChanges'>;

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
  // A change at `from` is already in the state at `from`.
  for (const change of await history.listStateChanges(from + 1, end, services))
    timeline(change.service).changes.push({
      at: change.at,
      level: change.level,
      maintenance: change.maintenance,
    });
  return timelines;
}
