/** Runs a full garbage collection when the process was started with --expose-gc. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}

/** Bytes held in the JavaScript heap and outside it (typed arrays' buffers), after a collection. */
export function heldBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Resident set size of the process after a collection, in bytes. */
export function residentBytes(): number {
  collectGarbage();
  return process.memoryUsage().rss;
}

export const MB = 1024 * 1024;
