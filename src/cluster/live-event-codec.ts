import type { LiveEventData } from '../runtime/event-log.js';

/** A live event as the leader stores it: the event's JSON, its id kept apart. */
export function encodeLiveEvent(event: LiveEventData): string {
  return JSON.stringify(event);
}

/**
 * The stored event back; undefined for a body that is not one (written by a newer version, or
 * damaged), which the reader skips rather than stopping the stream for everyone.
 */
export function decodeLiveEvent(body: string): LiveEventData | undefined {
  try {
    const value = JSON.parse(body) as { type?: unknown };
    return value.type === 'status' || value.type === 'model' ? (value as LiveEventData) : undefined;
  } catch {
    return undefined;
  }
}
