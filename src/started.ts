/**
 * What start-up has started so far (store, engine watch, workers, timers, the app), so that a
 * later step that fails can stop it all: a timer or a retrying worker left behind would keep the
 * process alive, hanging it instead of letting it exit with the error.
 */
export class Started {
  private readonly stops: (() => unknown)[] = [];

  /** Notes how to stop `thing`, just started; returns it. */
  add<T>(thing: T, stop: (thing: T) => unknown): T {
    this.stops.push(() => stop(thing));
    return thing;
  }

  /**
   * Stops everything noted, the newest first (the store, noted first, closes last). A stop that
   * fails goes to `onError` and the others still run: the start-up's own error is what matters.
   */
  async stopAll(onError: (error: unknown) => void): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        onError(error);
      }
    }
  }
}
