import type { SignalMatcher } from '../model/entities.js';
import type { StatusLevel } from '../model/levels.js';

/** A signal to store: what its source said, where it was mapped, and when it arrived. */
export interface SignalRecord {
  source: string;
  key: string;
  state: 'firing' | 'resolved';
  /** ms since the epoch, as are all times here. */
  startsAt: number;
  endsAt: number | null;
  level: StatusLevel;
  labels: Record<string, string>;
  summary?: string;
  url?: string;
  /** The services it belongs to, sorted; empty when unmatched. */
  services: string[];
  /** Why it matched no service; absent when it matched. */
  unmatched?: string;
  receivedAt: number;
}

export interface StoredSignal extends SignalRecord {
  id: number;
}

/**
 * What storing one signal did: `new` added it; `duplicate` found it stored already (same source,
 * key, startsAt and state) and changed nothing; `extended` found it and moved its endsAt later
 * (a resent firing alert). `head` is true when it is now the one that decides its source and key.
 */
export interface RecordedSignal {
  id: number;
  outcome: 'new' | 'duplicate' | 'extended';
  head: boolean;
  /**
   * For `extended`: what the stored signal says (a redelivery changes only endsAt; where the
   * resend differs in level or services, the first delivery's stand).
   */
  stored?: Pick<SignalRecord, 'level' | 'services' | 'summary'>;
}

/** A manual status for a service, replacing what its signals say until cleared or expired. */
export interface OverrideRecord {
  id: number;
  service: string;
  level: StatusLevel;
  author: string;
  reason: string;
  createdAt: number;
  expiresAt: number | null;
  clearedAt: number | null;
  clearedBy: string | null;
}

export type NewOverride = Pick<
  OverrideRecord,
  'service' | 'level' | 'author' | 'reason' | 'createdAt' | 'expiresAt'
>;

export interface UnmatchedQuery {
  /** Only signals that are active at `now` (the default), or (`all: true`) every one ever stored. */
  now: number;
  all?: boolean;
  /** Only ids below this, for paging back. */
  before?: number;
  /** 1 to 1000; default 100. */
  limit?: number;
}

/**
 * Persistence of signals and overrides. `recordSignals` is one transaction: when it resolves,
 * every signal is durable; when it rejects, none of them was stored.
 */
export interface SignalStore {
  recordSignals(signals: readonly SignalRecord[]): Promise<RecordedSignal[]>;
  /**
   * The signals that decide their source and key and are firing, not past their endsAt at `now`:
   * what the engine is told at start. By id.
   */
  listActiveSignals(now: number): Promise<StoredSignal[]>;
  /** Signals that matched no service, newest first. InputError for a bad limit. */
  listUnmatchedSignals(query: UnmatchedQuery): Promise<StoredSignal[]>;
  /** Records where signals belong after a model change (services, and why none when empty). */
  remapSignals(
    changes: readonly { id: number; services: string[]; unmatched?: string }[],
  ): Promise<void>;
  /** Sets a service's override, clearing (by the same author) the one it had. */
  setOverride(override: NewOverride): Promise<OverrideRecord>;
  /** Clears a service's open override; resolves to it, or undefined when there was none. */
  clearOverride(service: string, by: string, at: number): Promise<OverrideRecord | undefined>;
  /** Open overrides not expired at `now`, by service. */
  listActiveOverrides(now: number): Promise<OverrideRecord[]>;
  /** Every service that declares signal matchers, with them, by service id. */
  listSignalMatchers(): Promise<{ service: string; signals: SignalMatcher[] }[]>;
}
