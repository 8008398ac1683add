import type { Problem } from '../model/errors.js';
import type { StatusLevel } from '../model/levels.js';

/** Whether the monitor says the condition holds (`firing`) or has ended (`resolved`). */
export type SignalState = 'firing' | 'resolved';

/**
 * One signal as every source hands it over, before it is mapped to services. Its identity on
 * redelivery is `source` + `key` + `startsAt` + `state`: the same four values are the same signal.
 */
export interface IncomingSignal {
  /** The receiver or the sending system: `alertmanager`, `grafana`, `nagios`, … */
  source: string;
  /** Stable per alert within its source: Alertmanager's fingerprint, a Nagios host/service. */
  key: string;
  state: SignalState;
  /** When the condition began, ms since the epoch. */
  startsAt: number;
  /** When a firing signal lapses unless it is sent again (ms); null when it never lapses. */
  endsAt: number | null;
  labels: Record<string, string>;
  /** Set when the sender names the level itself (generic webhook, CLI). */
  level?: StatusLevel;
  /** Set when the sender names the service itself (generic webhook, CLI). */
  service?: string;
  summary?: string;
  url?: string;
}

/** What a source makes of one request body: signals, or every problem found, each at its path. */
export type ParseOutcome =
  | { ok: true; signals: IncomingSignal[]; notes: string[] }
  | { ok: false; problems: Problem[] };

/**
 * A monitoring system Servicechain receives from. Each source turns one request body into
 * normalised signals, or refuses the whole body (nothing of a refused body is stored).
 * `receivedAt` resolves relative facts (an Alertmanager alert without a status is resolved when
 * its endsAt has passed).
 */
export interface SignalSource {
  /** The name signals from it carry and matchers select by (`source:` in `spec.signals`). */
  readonly name: string;
  parse(body: unknown, receivedAt: number): ParseOutcome;
}

/** The most signals one request may carry; a bigger group is refused, not cut. */
export const MAX_SIGNALS_PER_REQUEST = 1000;
/** Bounds on label names, values and free text, so one sender cannot bloat the store. */
export const SIGNAL_LIMITS = {
  labels: 64,
  labelName: 128,
  labelValue: 1024,
  key: 256,
  source: 64,
  summary: 2000,
  url: 2000,
} as const;
