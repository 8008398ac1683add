import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { type ApiResult, api } from './client.js';
import type { StatusAt } from './ops-types.js';
import { pastStatuses } from './time-travel-model.js';
import type { StatusItem } from './types.js';
import { useChain } from './use-chain.js';

/**
 * The moment the board and the map show: null for now (live), else an ISO instant in the past.
 * One value for the whole app, so moving between the board and the map keeps it; it starts from
 * `?at=` in the address, so a view of the past can be shared.
 */
let current: string | null = initialAt();
const listeners = new Set<() => void>();

function initialAt(): string | null {
  if (typeof window === 'undefined') return null;
  const at = new URLSearchParams(window.location.search).get('at');
  return at && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : null;
}

export function setTimeTravel(at: string | null): void {
  if (at === current) return;
  current = at;
  const url = new URL(window.location.href);
  if (at) url.searchParams.set('at', at);
  else url.searchParams.delete('at');
  window.history.replaceState(null, '', url.pathname + url.search);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The moment shown, re-rendering when it changes. */
export function useTimeTravel(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}

export interface ShownStatuses {
  /** null when live. */
  at: string | null;
  state: 'ready' | 'loading' | 'error';
  error?: string;
  statuses: ReadonlyMap<string, StatusItem>;
}

/** Every page of `/status/at` at `at`, following the `next` offsets. */
async function statusAt(at: string, signal: AbortSignal): Promise<ApiResult<StatusAt['items']>> {
  const items: StatusAt['items'] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const page: ApiResult<StatusAt> = await api<StatusAt>(
      `/status/at?time=${encodeURIComponent(at)}&limit=10000&offset=${offset}`,
      { signal },
    );
    if (!page.ok) return page;
    items.push(...page.value.items);
    offset = page.value.next;
  }
  return { ok: true, value: items, etag: null, status: 200 };
}

/** The statuses to show: live ones, or those of the past moment chosen (GET /status/at). */
export function useShownStatuses(): ShownStatuses {
  const chain = useChain();
  const at = useTimeTravel();
  const [past, setPast] = useState<{ at: string; items?: StatusAt['items']; error?: string }>();
  useEffect(() => {
    if (!at) return;
    const controller = new AbortController();
    statusAt(at, controller.signal).then(
      (result) =>
        setPast(result.ok ? { at, items: result.value } : { at, error: result.error.message }),
      () => undefined,
    );
    return () => controller.abort();
  }, [at]);
  const ready = at !== null && past?.at === at ? past : undefined;
  const statuses = useMemo(
    () =>
      ready?.items
        ? pastStatuses(
            chain.services.map((s) => s.id),
            ready.items,
          )
        : undefined,
    [ready, chain.services],
  );
  if (!at) return { at: null, state: 'ready', statuses: chain.statuses };
  if (ready?.error) return { at, state: 'error', error: ready.error, statuses: new Map() };
  if (!statuses) return { at, state: 'loading', statuses: new Map() };
  return { at, state: 'ready', statuses };
}
