import { formatProblem, type Problem } from '../model/errors.js';

/** Where the CLI writes; tests pass their own to capture output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

export function printProblems(io: Io, problems: readonly Problem[]): void {
  for (const problem of problems) io.err(`error: ${formatProblem(problem)}`);
  io.err(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was written.`,
  );
}

/**
 * A plain-text table: a header, then rows, columns padded to their widest cell. Cells are cleaned
 * of control characters so no name can move the terminal's cursor or change its colours.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const clean = [header, ...rows].map((row) => row.map(terminalSafe));
  const widths = header.map((_, column) =>
    Math.max(...clean.map((row) => (row[column] ?? '').length)),
  );
  return clean
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths[column] as number),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Text with control and bidirectional-override characters made visible as `?`. */
export function terminalSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
