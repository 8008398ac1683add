import type { Transition } from '../engine/types.js';
import type { EventLog, LiveEventData, ModelChangeSummary } from './event-log.js';
import type { ModelNotice, StatusRuntime } from './status-runtime.js';

/** A transition as the live stream tells it. */
export function transitionEvent(transition: Transition): LiveEventData {
  return {
    type: 'status',
    service: transition.service,
    from: transition.from,
    to: transition.to,
    at: new Date(transition.at).toISOString(),
    cause: transition.cause,
  };
}

/** A model change the runtime took in, as the live stream tells it. */
export function modelEvent(notice: ModelNotice, at: number): LiveEventData {
  const changes: ModelChangeSummary[] = notice.records.map((record) => ({
    audit: record.id,
    op: record.op,
    kind: record.kind,
    key: record.key,
  }));
  return { type: 'model', at: new Date(at).toISOString(), changes, truncated: notice.truncated };
}

/**
 * Feeds the runtime's model changes and status transitions into the log, a model change before
 * the transitions it caused.
 */
export function feedEventLog(
  runtime: StatusRuntime,
  log: EventLog,
  clock: () => number = Date.now,
): void {
  runtime.onModelChanged((notice) => {
    log.append([modelEvent(notice, clock())]);
  });
  runtime.onTransitions((transitions) => {
    log.append(transitions.map(transitionEvent));
  });
}

/**
 * The services and parties a model change touches: a dependency both its ends, a subscription
 * its party and service (read from the key, as ids cannot hold `->`).
 */
export function touchedBy(change: ModelChangeSummary): { services: string[]; parties: string[] } {
  const [left = '', right = ''] = change.key.split('->');
  switch (change.kind) {
    case 'service':
      return { services: [change.key], parties: [] };
    case 'party':
      return { services: [], parties: [change.key] };
    case 'dependency':
      return { services: [left, right], parties: [] };
    case 'subscription':
      return { services: [right], parties: [left] };
  }
}
