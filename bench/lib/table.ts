/** A table to print: a header row and rows of cells, already formatted. */
export interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

/** GitHub-flavoured Markdown: the first column left-aligned, the others (numbers) right-aligned. */
export function toMarkdown(table: Table): string {
  const align = table.header.map((_, i) => (i === 0 ? ':---' : '---:'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [`### ${table.title}`, '', line(table.header), line(align), ...table.rows.map(line)].join(
    '\n',
  );
}

/** Plain text with padded columns, for the terminal. */
export function toText(table: Table): string {
  const widths = table.header.map((h, i) =>
    Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [
    table.title,
    line(table.header),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.rows.map(line),
  ].join('\n');
}

/** Milliseconds, to three significant figures, in the unit that reads best. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

export function formatRatio(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  return value >= 100 ? `${Math.round(value)}x` : `${value.toPrecision(3)}x`;
}

export function formatMb(bytes: number | undefined): string {
  if (bytes === undefined) return '–';
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
