/** Which part a server instance plays: the leader applies inputs and writes derived state. */
export type ClusterRole = 'leader' | 'follower';

/** How far behind the leader this instance's live events are, over the recent ones (ms). */
export interface FollowerLag {
  /** Events measured (the newest 1000 at most); the figures are 0 when none. */
  samples: number;
  lastMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** What /readyz and /metrics report about the instance's place among several. */
export interface ClusterView {
  role(): ClusterRole;
  /** Whether several instances share the store (false on SQLite: one process, always leading). */
  readonly shared: boolean;
  lag(): FollowerLag;
  /** Called with each event's lag in ms as a follower takes it in. */
  onLag(listener: (ms: number) => void): void;
}

/** The one process on SQLite: it always leads and never lags. */
export const SINGLE_PROCESS: ClusterView = {
  role: () => 'leader',
  shared: false,
  lag: () => ({ samples: 0, lastMs: 0, p50Ms: 0, p99Ms: 0 }),
  onLag: () => undefined,
};
