import { ConflictError, NotFoundError } from '../model/errors.js';
import type { MaintenanceEventType, NotifyEvent } from '../notify/events.js';
import { maintenanceNotice } from '../notify/notices.js';
import type { Actor, Store } from '../store/store.js';
import { MAINTENANCE_LIMITS } from './limits.js';
import { activeOccurrence, nextOccurrences } from './occurrences.js';
import type { MaintenanceWindow } from './types.js';
import { type CheckedWindow, checkWindowDraft, type WindowDraft } from './validate.js';

/**
 * The use cases of maintenance windows, shared by the API and the CLI: plan, change, cancel,
 * list. Each checks the draft against the stored model first and stores nothing it refuses.
 */

export const WINDOW_WHEN = ['upcoming', 'active', 'past', 'all'] as const;
/** upcoming: an occurrence still to start; active: one going on; past: over or cancelled. */
export type WindowWhen = (typeof WINDOW_WHEN)[number];

/** Where a window stands at a moment. */
export type WindowState = 'upcoming' | 'active' | 'over' | 'cancelled';

export function windowState(window: MaintenanceWindow, at: number): WindowState {
  if (window.cancelled) return 'cancelled';
  if (activeOccurrence(window.schedule, at)) return 'active';
  return window.lastEnd > at ? 'upcoming' : 'over';
}

/** Checks a draft, with the services the stored model lacks found first (InputError). */
export async function checkDraft(
  store: Store,
  draft: WindowDraft,
  now: number,
): Promise<CheckedWindow> {
  const unknown = new Set<string>();
  for (const service of new Set(draft.services.slice(0, MAINTENANCE_LIMITS.servicesMax)))
    if (!(await store.getService(service))) unknown.add(service);
  return checkWindowDraft(draft, { unknown, now });
}

/** Queues news for notification subscribers; resolves once it is queued. */
export type Announce = (event: NotifyEvent) => Promise<void>;

async function tell(
  announce: Announce | undefined,
  type: MaintenanceEventType,
  window: MaintenanceWindow,
  now: number,
): Promise<MaintenanceWindow> {
  await announce?.({ type, maintenance: maintenanceNotice(window, now), at: now });
  return window;
}

/** Stores a new window; subscribers hear `maintenance.scheduled`. */
export async function planWindow(input: {
  store: Store;
  draft: WindowDraft;
  actor: Actor;
  now: number;
  announce?: Announce;
}): Promise<MaintenanceWindow> {
  const checked = await checkDraft(input.store, input.draft, input.now);
  const window = await input.store.createWindow(
    {
      ...checked,
      author: input.actor.id,
      createdAt: input.now,
      updatedAt: input.now,
      cancelled: false,
    },
    input.actor,
  );
  return tell(input.announce, 'maintenance.scheduled', window, input.now);
}

/**
 * Replaces what a window says (title, services, schedule); a cancelled window stays so.
 * Subscribers hear `maintenance.changed`.
 */
export async function replanWindow(input: {
  store: Store;
  id: number;
  draft: WindowDraft;
  actor: Actor;
  now: number;
  expectVersion?: number;
  announce?: Announce;
}): Promise<MaintenanceWindow> {
  const checked = await checkDraft(input.store, input.draft, input.now);
  const window = await input.store.updateWindow(
    input.id,
    (current) => {
      if (current.cancelled)
        throw new ConflictError(`maintenance window ${current.id} is cancelled: plan a new one`);
      return { ...current, ...checked, updatedAt: input.now };
    },
    input.actor,
    input.expectVersion,
  );
  return tell(input.announce, 'maintenance.changed', window, input.now);
}

/**
 * Cancels a window: an occurrence going on ends now, none that is to come will start.
 * Subscribers hear `maintenance.cancelled` (not `maintenance.ended`).
 */
export async function cancelWindow(input: {
  store: Store;
  id: number;
  actor: Actor;
  now: number;
  expectVersion?: number;
  announce?: Announce;
}): Promise<MaintenanceWindow> {
  const window = await input.store.updateWindow(
    input.id,
    (current) => {
      if (current.cancelled)
        throw new ConflictError(`maintenance window ${current.id} is already cancelled`);
      return { ...current, cancelled: true, updatedAt: input.now };
    },
    input.actor,
    input.expectVersion,
  );
  return tell(input.announce, 'maintenance.cancelled', window, input.now);
}

export async function getWindow(store: Store, id: number): Promise<MaintenanceWindow> {
  const window = await store.getWindow(id);
  if (!window) throw new NotFoundError(`no maintenance window ${id}`);
  return window;
}

/**
 * Windows by id, oldest first, that are `when` at `now` (and cover `service`, when given), at
 * most `limit`; `next` is the `after` of the following page, or null on the last.
 */
export async function findWindows(input: {
  store: Store;
  now: number;
  when?: WindowWhen;
  service?: string;
  after?: number;
  limit?: number;
}): Promise<{ items: MaintenanceWindow[]; next: number | null }> {
  const { store, now } = input;
  const when = input.when ?? 'all';
  const limit = input.limit ?? MAINTENANCE_LIMITS.pageDefault;
  // Past windows (over or cancelled) are filtered and paged by the store; upcoming and active
  // ones need their occurrences, so the store narrows them to the windows not over.
  const base = {
    ...(input.service !== undefined && { service: input.service }),
    ...(when === 'upcoming' || when === 'active' ? { endsAfter: now, cancelled: false } : {}),
    ...(when === 'past' && { over: now }),
  };
  const keep = (window: MaintenanceWindow) => {
    if (when === 'active') return windowState(window, now) === 'active';
    if (when === 'upcoming')
      return nextOccurrences(window.schedule, now, 2).some((o) => o.start > now);
    return true;
  };
  const items: MaintenanceWindow[] = [];
  let after = input.after ?? 0;
  for (;;) {
    const page = await store.listWindows({ ...base, after, limit });
    for (const window of page) {
      after = window.id;
      if (!keep(window)) continue;
      items.push(window);
      if (items.length === limit) return { items, next: window.id };
    }
    if (page.length < limit) return { items, next: null };
  }
}
