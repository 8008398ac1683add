/** One field of a CSV record, with where it starts (1-based line and column). */
export interface CsvCell {
  value: string;
  line: number;
  column: number;
}

export interface CsvRecord {
  cells: CsvCell[];
  /** Line the record starts on. */
  line: number;
}

export interface CsvProblem {
  line: number;
  column: number;
  message: string;
}

const BOM = '\uFEFF';

/**
 * Parses RFC 4180 CSV: comma-separated fields, records ended by CRLF, LF or CR, fields with
 * commas, quotes or line breaks enclosed in double quotes with `""` for a quote. A leading byte
 * order mark is skipped, blank lines are ignored. Malformed text (a quote that never closes, a
 * quote inside an unquoted field, text after a closing quote) is reported with its place; a
 * record with such a problem is left out.
 */
export function parseCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const cursor: Cursor = {
    text: text.startsWith(BOM) ? text.slice(1) : text,
    at: 0,
    line: 1,
    lineStart: 0,
    problems: [],
  };
  const records: CsvRecord[] = [];
  while (cursor.at < cursor.text.length) {
    const recordLine = cursor.line;
    const cells: CsvCell[] = [];
    let broken = false;
    let quotedFirst = false;
    for (;;) {
      if (cells.length === 0) quotedFirst = cursor.text[cursor.at] === '"';
      const field = readField(cursor);
      cells.push(field.cell);
      broken ||= field.broken;
      if (cursor.at >= cursor.text.length) break;
      if (cursor.text[cursor.at] === ',') {
        cursor.at += 1;
        continue;
      }
      cursor.at += cursor.text.startsWith('\r\n', cursor.at) ? 2 : 1;
      cursor.line += 1;
      cursor.lineStart = cursor.at;
      break;
    }
    const blank = cells.length === 1 && cells[0]?.value === '' && !quotedFirst;
    if (!broken && !blank) records.push({ cells, line: recordLine });
  }
  return { records, problems: cursor.problems };
}

interface Cursor {
  text: string;
  at: number;
  line: number;
  lineStart: number;
  problems: CsvProblem[];
}

function readField(cursor: Cursor): { cell: CsvCell; broken: boolean } {
  const cell: CsvCell = { value: '', line: cursor.line, column: cursor.at - cursor.lineStart + 1 };
  const { text } = cursor;
  if (text[cursor.at] !== '"') {
    const end = skipToSeparator(text, cursor.at);
    cell.value = text.slice(cursor.at, end);
    const quote = cell.value.indexOf('"');
    cursor.at = end;
    if (quote < 0) return { cell, broken: false };
    cursor.problems.push({
      line: cell.line,
      column: cell.column + quote,
      message: 'a quote inside an unquoted field: enclose the field in quotes and double the quote',
    });
    return { cell, broken: true };
  }
  let j = cursor.at + 1;
  const parts: string[] = [];
  for (;;) {
    if (j >= text.length) {
      cursor.problems.push({
        line: cell.line,
        column: cell.column,
        message: 'unbalanced quote: this quoted field never closes',
      });
      cursor.at = j;
      return { cell, broken: true };
    }
    const ch = text[j] as string;
    if (ch === '"') {
      if (text[j + 1] !== '"') break;
      parts.push('"');
      j += 2;
      continue;
    }
    if (ch === '\n' || (ch === '\r' && text[j + 1] !== '\n')) {
      cursor.line += 1;
      cursor.lineStart = j + 1;
    }
    parts.push(ch);
    j += 1;
  }
  cell.value = parts.join('');
  cursor.at = j + 1;
  if (cursor.at >= text.length || isSeparator(text, cursor.at)) return { cell, broken: false };
  cursor.problems.push({
    line: cursor.line,
    column: cursor.at - cursor.lineStart + 1,
    message: 'unexpected text after a closing quote (a quote inside a field is written "")',
  });
  cursor.at = skipToSeparator(text, cursor.at);
  return { cell, broken: true };
}

function isSeparator(text: string, at: number): boolean {
  const ch = text[at];
  return ch === ',' || ch === '\n' || ch === '\r';
}

function skipToSeparator(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isSeparator(text, at)) at += 1;
  return at;
}

/**
 * Writes records as RFC 4180 CSV with CRLF line ends. A field is quoted when it holds a comma,
 * a quote, a line break or leading or trailing space, and when it is the only, empty, field of
 * its record (so that the record is not read back as a blank line).
 */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => `${row.map((cell) => quoteField(cell, row.length)).join(',')}\r\n`)
    .join('');
}

function quoteField(value: string, fields: number): string {
  const needs = /[",\r\n]/.test(value) || /^\s|\s$/.test(value) || (fields === 1 && value === '');
  return needs ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list). */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * A cell made safe to open in a spreadsheet: one starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (after any quotes) gets a leading `'`, so it is shown as text, not run.
 * `unguardCell` undoes it exactly.
 */
export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The value `guardCell` was given. */
export function unguardCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
