import type { Transition } from '../engine/types.js';
import type { EntityKind } from '../model/entities.js';
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

const MODEL_KINDS: ReadonlySet<string> = new Set<EntityKind>([
  'party',
  'service',
  'dependency',
  'subscription',
]);

/**
 * A model change the runtime took in, as the live stream tells it; undefined when the audit
 * records hold no model change (only accounts changed).
 */
export function modelEvent(notice: ModelNotice, at: number): LiveEventData | undefined {
  const changes: ModelChangeSummary[] = [];
  for (const record of notice.records)
    if (MODEL_KINDS.has(record.kind))
      changes.push({
        audit: record.id,
        op: record.op,
        kind: record.kind as EntityKind,
        key: record.key,
      });
  if (changes.length === 0 && !notice.truncated) return undefined;
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
    const event = modelEvent(notice, clock());
    if (event) log.append([event]);
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
