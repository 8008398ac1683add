import { api } from './client.js';
import type { PartyItem, ServiceItem, StatusItem, StatusLevel } from './types.js';

/** The whole chain as the UI holds it: services with relations, parties, statuses now. */
export interface ChainSnapshot {
  state: 'loading' | 'ready' | 'error';
  error?: string;
  services: ServiceItem[];
  parties: PartyItem[];
  statuses: ReadonlyMap<string, StatusItem>;
  /** `live` when the event stream is open, `polling` when it cannot be. */
  live: 'connecting' | 'live' | 'polling';
  /** Changes on every update, so views can memoise on it. */
  version: number;
}

const POLL_MS = 10_000;

/**
 * Loads the model and the statuses, then keeps them current: status events patch the statuses,
 * model events (debounced) and resets reload. Without a stream it polls /status.
 */
export class ChainData {
  private snapshot: ChainSnapshot = {
    state: 'loading',
    services: [],
    parties: [],
    statuses: new Map(),
    live: 'connecting',
    version: 0,
  };
  private listeners = new Set<() => void>();
  private source: EventSource | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  get current(): ChainSnapshot {
    return this.snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.started) this.start();
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChainSnapshot => this.snapshot;

  private update(patch: Partial<ChainSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener();
  }

  private start(): void {
    this.started = true;
    void this.reload();
    this.connect();
  }

  /** Reads everything again (after a model change, or when asked). */
  async reload(): Promise<void> {
    // One answer with every relation: paging four lists took seconds at 10k services.
    const [chain, statuses] = await Promise.all([
      api<{ services: ServiceItem[]; parties: PartyItem[] }>('/model/chain'),
      api<{ items: StatusItem[] }>('/status'),
    ]);
    if (!chain.ok || !statuses.ok) {
      const failed = !chain.ok ? chain : statuses;
      const message = !failed.ok ? failed.error.message : 'unknown error';
      this.update({ state: 'error', error: message });
      return;
    }
    performance.mark('sc:chain-ready');
    this.update({
      state: 'ready',
      error: undefined,
      services: byName(chain.value.services),
      parties: byName(chain.value.parties),
      statuses: new Map(statuses.value.items.map((s) => [s.service, s])),
    });
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reload(), 300);
  }

  private connect(): void {
    if (typeof EventSource === 'undefined') {
      this.poll();
      return;
    }
    const source = new EventSource('/api/v1/stream');
    this.source = source;
    let opened = false;
    source.addEventListener('open', () => {
      opened = true;
      this.stopPolling();
      if (this.snapshot.live !== 'live') this.update({ live: 'live' });
    });
    source.addEventListener('status', (event) => this.onStatus(event as MessageEvent<string>));
    source.addEventListener('model', () => this.scheduleReload());
    source.addEventListener('reset', () => this.scheduleReload());
    source.addEventListener('error', () => {
      // The browser retries by itself; poll meanwhile so the board never goes stale.
      if (!opened || source.readyState === EventSource.CLOSED) {
        source.close();
        this.poll();
        setTimeout(() => this.connect(), 30_000);
      } else if (this.snapshot.live === 'live') this.update({ live: 'polling' });
    });
  }

  private onStatus(event: MessageEvent<string>): void {
    const data = JSON.parse(event.data) as {
      service: string;
      to: { level: StatusLevel; maintenance: boolean; acknowledged: boolean };
      at: string;
    };
    const statuses = new Map(this.snapshot.statuses);
    statuses.set(data.service, { service: data.service, ...data.to, since: data.at });
    this.update({ statuses });
  }

  private poll(): void {
    if (this.snapshot.live !== 'polling') this.update({ live: 'polling' });
    if (this.pollTimer) return;
    this.pollTimer = setInterval(async () => {
      const statuses = await api<{ items: StatusItem[] }>('/status');
      if (statuses.ok)
        this.update({ statuses: new Map(statuses.value.items.map((s) => [s.service, s])) });
    }, POLL_MS);
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** Closes the stream and timers (sign-out). */
  stop(): void {
    this.source?.close();
    this.stopPolling();
    clearTimeout(this.reloadTimer);
    this.started = false;
  }
}

/** Pickers and lists show entities by name, as the list endpoints' `sort=name` did. */
function byName<T extends { id: string; name: string }>(items: T[]): T[] {
  return items.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}
