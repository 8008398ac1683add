import type { ClusterLink } from '../store/cluster-link.js';
import type { ClusterRole } from './cluster-view.js';

export interface LeadershipOptions {
  /** How often a follower tries the lock and a leader checks it (default 1000 ms). */
  intervalMs?: number;
  /**
   * Becoming leader: catch up and start writing. `stillLeading` turns false if leadership is
   * lost before it finishes; it should then stop.
   */
  onLead: (stillLeading: () => boolean) => Promise<void>;
  /** Leadership lost: stop writing at once. */
  onFollow: () => void;
  onError?: (error: unknown) => void;
}

/**
 * Who leads among server instances sharing a store: whoever holds the link's lock. A follower
 * tries to take it every `intervalMs`; a leader checks its connection as often and follows as
 * soon as it is gone (the link says so at once when the connection drops).
 */
export class Leadership {
  private current: ClusterRole = 'follower';
  /** Counts terms of leadership, so a late `onLead` knows whether its term is over. */
  private term = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = false;
  /** When the current role began (ms since the epoch). */
  since = Date.now();

  constructor(
    private readonly link: ClusterLink,
    private readonly options: LeadershipOptions,
  ) {
    link.onLost(() => this.follow());
  }

  get role(): ClusterRole {
    return this.current;
  }

  /** Tries at once, then every interval. */
  start(): Promise<void> {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 1000);
    this.timer.unref();
    return this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.follow();
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const held = await this.link.lead();
      if (this.stopped) return;
      if (held && this.current === 'follower') await this.lead();
      else if (!held && this.current === 'leader') this.follow();
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.ticking = false;
    }
  }

  private async lead(): Promise<void> {
    const term = ++this.term;
    this.current = 'leader';
    this.since = Date.now();
    try {
      await this.options.onLead(() => this.current === 'leader' && this.term === term);
    } catch (error) {
      // Half taken over: step back; the lock is still ours, so the next tick tries again.
      this.follow();
      throw error;
    }
  }

  private follow(): void {
    if (this.current !== 'leader') return;
    this.current = 'follower';
    this.since = Date.now();
    this.term++;
    this.options.onFollow();
  }
}
