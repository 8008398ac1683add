interface Pending<T, R> {
  items: readonly T[];
  resolve(results: R[]): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions<T, R> {
  /**
   * Stores every item in one transaction; resolves once it is durable, with a result per item.
   * `chunks` are the same items as the submissions' arrays, in order.
   */
  commit(items: readonly T[], chunks: readonly (readonly T[])[]): Promise<R[]>;
  /** Runs after a commit, before the next group is sent and the submitters hear of it. */
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
    if (now || window <= 0) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), window);
  }

  private flush(): void {
    this.scheduled = false;
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const group = this.queue;
    this.queue = [];
    this.queued = 0;
    void this.write(group);
  }

  /**
   * The store is free again: what queued meanwhile goes to it now. Called after the group just
   * committed was told to the engine (the live stream waits for that) and before its submitters
   * are answered, so the store (a thread of its own, or a database server) commits the next
   * group while this thread writes the answers, instead of waiting for them. Groups are still
   * committed, told and answered in order: the next group's commit resolves in a later turn.
   */
  private release(): void {
    this.writing = false;
    if (this.queue.length === 0) return;
    if ((this.options.windowMs ?? 0) > 0) this.schedule(false);
    else this.flush();
  }

  private async write(group: Pending<T, R>[]): Promise<void> {
    const items =
      group.length === 1 ? (group[0] as Pending<T, R>).items : group.flatMap((p) => p.items);
    let results: R[];
    try {
      results = await this.options.commit(
        items,
        group.map((p) => p.items),
      );
    } catch (error) {
      if (group.length === 1) (group[0] as Pending<T, R>).reject(error);
      else for (const pending of group) await this.writeAlone(pending);
      this.release();
      return;
    }
    this.tell(items, results);
    this.release();
    this.answer(group, results);
  }

  /** After a shared transaction failed: one submission in a transaction of its own. */
  private async writeAlone(pending: Pending<T, R>): Promise<void> {
    let results: R[];
    try {
      results = await this.options.commit(pending.items, [pending.items]);
    } catch (error) {
      pending.reject(error);
      return;
    }
    this.tell(pending.items, results);
    this.answer([pending], results);
  }

  private tell(items: readonly T[], results: R[]): void {
    try {
      this.options.afterCommit?.(items, results);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private answer(group: readonly Pending<T, R>[], results: R[]): void {
    if (group.length === 1) {
      (group[0] as Pending<T, R>).resolve(results);
      return;
    }
    let offset = 0;
    for (const pending of group) {
      pending.resolve(results.slice(offset, offset + pending.items.length));
      offset += pending.items.length;
    }
  }
}
