/**
 * Progress lines on stderr (stdout carries the results), so a long run shows it is alive. A
 * long operation reports fractions; they are printed at most every `intervalMs`.
 */
export interface Progress {
  /** A line now. */
  note(message: string): void;
  /** A reporter of fractions done for a long operation, printed now and then. */
  track(label: string): (fraction: number) => void;
  /** A progress for a part of the run, its lines prefixed by `[name]`. */
  child(name: string): Progress;
}

export function createProgress(
  prefix = '',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  intervalMs = 2000,
  now: () => number = () => performance.now(),
): Progress {
  const tag = prefix ? `[${prefix}] ` : '';
  return {
    note: (message) => write(`${tag}${message}`),
    track(label) {
      let last = Number.NEGATIVE_INFINITY;
      const started = now();
      return (fraction) => {
        const t = now();
        if (fraction < 1 && t - last < intervalMs) return;
        last = t;
        const seconds = ((t - started) / 1000).toFixed(1);
        write(`${tag}${label}: ${Math.round(fraction * 100)}% (${seconds} s)`);
      };
    },
    child: (name) => createProgress(prefix ? `${prefix} ${name}` : name, write, intervalMs, now),
  };
}
