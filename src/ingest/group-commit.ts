interface Pending<T, R> {
  items: readonly T[];
  resolve(results: R[]): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions<T, R> {
  /** Stores every item in one transaction; resolves once it is durable, with a result per item. */
  commit(items: readonly T[]): Promise<R[]>;
  /** Runs after a commit, before the submitters hear of it (to tell the engine). */
  afterCommit?(items: readonly T[], results: readonly R[]): void;
  /** Hears an afterCommit failure; the items are committed all the same, so submitters succeed. */
  onError?(error: unknown): void;
  /** How long to gather submissions before committing (ms); 0 gathers one event-loop turn. */
  windowMs?: number;
  /** A group is committed as soon as it holds this many items. */
  maxItems?: number;
}

/**
 * Group commit: submissions that arrive while a commit is being gathered or written share the
 * next transaction, so many small requests cost one durable write. Each submitter's promise
 * resolves only after the transaction holding its items has committed. When a shared
 * transaction fails, each submission is retried on its own, so one bad request fails alone.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private queued = 0;
  private scheduled = false;
  private writing = false;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  /** Resolves with the items' results once they are committed; rejects when they cannot be. */
  submit(items: readonly T[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queued += items.length;
      if (this.queued >= (this.options.maxItems ?? 50_000)) this.schedule(true);
      else this.schedule(false);
    });
  }

  private schedule(now: boolean): void {
    if (this.writing || (this.scheduled && !now)) return;
    this.scheduled = true;
    const window = this.options.windowMs ?? 0;
    if (now || window <= 0) setImmediate(() => void this.flush());
    else setTimeout(() => void this.flush(), window);
  }

  private async flush(): Promise<void> {
    if (this.writing || this.queue.length === 0) {
      this.scheduled = false;
      return;
    }
    this.scheduled = false;
    this.writing = true;
    const group = this.queue;
    this.queue = [];
    this.queued = 0;
    try {
      await this.write(group);
    } finally {
      this.writing = false;
      if (this.queue.length > 0) this.schedule(false);
    }
  }

  private async write(group: Pending<T, R>[]): Promise<void> {
    const items =
      group.length === 1 ? (group[0] as Pending<T, R>).items : group.flatMap((p) => p.items);
    let results: R[];
    try {
      results = await this.options.commit(items);
    } catch (error) {
      if (group.length === 1) {
        (group[0] as Pending<T, R>).reject(error);
        return;
      }
      for (const pending of group) await this.write([pending]);
      return;
    }
    try {
      this.options.afterCommit?.(items, results);
    } catch (error) {
      this.options.onError?.(error);
    }
    let offset = 0;
    for (const pending of group) {
      pending.resolve(results.slice(offset, offset + pending.items.length));
      offset += pending.items.length;
    }
  }
}
