import { type DecodedDocument, decodeDocument } from '../../as-code/decode-document.js';
import { type FieldPath, FieldReader, formatPath } from '../../as-code/field-reader.js';
import type { ParsedDocument } from '../../as-code/yaml-documents.js';
import type { Problem } from '../../model/errors.js';
import { didYouMean } from '../../model/suggest.js';
import { CSV_COLUMNS, type CsvKind, parseTags, REQUIRED_COLUMNS } from './csv-tables.js';
import { type CsvCell, type CsvRecord, unguardCell } from './csv-text.js';

/** The columns of a file: the position of each known column named in its header row. */
export type Header = Map<string, number>;

/** Reads the header row: unknown, duplicate and missing required columns are problems. */
export function readHeader(
  kind: CsvKind,
  file: string,
  record: CsvRecord,
): { header: Header; problems: Problem[] } {
  const header: Header = new Map();
  const problems: Problem[] = [];
  const known = CSV_COLUMNS[kind];
  for (const [index, cell] of record.cells.entries()) {
    const name = unguardCell(cell.value).trim();
    const at = { file, line: cell.line, column: cell.column };
    if (!known.includes(name))
      problems.push({
        ...at,
        message: `unknown column '${name}'${didYouMean(name, known)} (${kind}.csv has ${known.join(', ')})`,
      });
    else if (header.has(name)) problems.push({ ...at, message: `column '${name}' appears twice` });
    else header.set(name, index);
  }
  for (const name of REQUIRED_COLUMNS[kind]) {
    if (!header.has(name))
      problems.push({
        file,
        line: record.line,
        column: 1,
        message: `the header has no '${name}' column`,
      });
  }
  return { header, problems };
}

/** Field names of the YAML form that a column has another name for. */
const ALIASES: Record<CsvKind, Record<string, string>> = {
  services: {},
  parties: {},
  dependencies: { id: 'from', service: 'to' },
  subscriptions: { id: 'party' },
};

/**
 * The column, and the path inside it, of a field path of the YAML form: `spec.hours.timeZone`
 * is column `hours`, inside it `timeZone`; `spec.dependsOn[0].service` is column `to`. A path
 * that names no column (a whole record) belongs to the first column.
 */
export function columnOf(kind: CsvKind, path: FieldPath): { column: string; rest: FieldPath } {
  let at = path[0] === 'metadata' || path[0] === 'spec' ? 1 : 0;
  if (path[at] === 'dependsOn' || path[at] === 'consumes') at += 2;
  const name = path[at];
  const column = typeof name === 'string' ? (ALIASES[kind][name] ?? name) : undefined;
  if (column === undefined || !CSV_COLUMNS[kind].includes(column))
    return { column: CSV_COLUMNS[kind][0] as string, rest: [] };
  return { column, rest: path.slice(at + 1) };
}

/**
 * A record as a document of the YAML form, so that the one decoder checks CSV and YAML alike.
 * Empty cells are left out; numbers, tags and JSON cells are converted, and what does not
 * convert is reported at its cell.
 */
export function recordToDocument(
  kind: CsvKind,
  header: Header,
  record: CsvRecord,
  report: (cell: CsvCell, message: string) => void,
): Record<string, unknown> {
  const cells = new Map<string, { value: unknown; cell: CsvCell }>();
  for (const [name, index] of header) {
    const cell = record.cells[index] as CsvCell;
    const raw = unguardCell(cell.value);
    if (raw === '') continue;
    const value = convert(name, raw, (message) => report(cell, message));
    if (value !== undefined) cells.set(name, { value, cell });
  }
  const get = (name: string) => cells.get(name)?.value;
  const pick = (names: readonly string[]) =>
    Object.fromEntries(names.filter((n) => cells.has(n)).map((n) => [n, get(n)]));
  const envelope = { apiVersion: 'servicechain/v1' };
  const meta = ['id', 'name', 'description', 'tags', 'labels', 'links'];
  switch (kind) {
    case 'services':
      return {
        ...envelope,
        kind: 'Service',
        metadata: pick(meta),
        spec: pick(CSV_COLUMNS.services.filter((n) => !meta.includes(n))),
      };
    case 'parties':
      return {
        ...envelope,
        kind: 'Party',
        metadata: pick(meta),
        spec: pick(['kind', 'parent', 'contacts']),
      };
    case 'dependencies':
      return {
        ...envelope,
        kind: 'Service',
        metadata: { id: get('from') },
        spec: { dependsOn: [{ service: get('to'), ...pick(['impact', 'weight', 'note']) }] },
      };
    case 'subscriptions':
      return {
        ...envelope,
        kind: 'Party',
        metadata: { id: get('party') },
        spec: { kind: 'team', consumes: [{ service: get('service'), ...pick(['slo', 'note']) }] },
      };
  }
}

const NUMBERS = new Set(['slo', 'costPerHour', 'weight']);
const JSON_CELLS = new Set(['labels', 'links', 'signals', 'hours', 'contacts']);
/** Cells that are a word (`best`, `cap:degraded`) or, starting with `{`, JSON. */
const WORD_OR_JSON = new Set(['rule', 'impact']);

function convert(name: string, raw: string, report: (message: string) => void): unknown {
  if (NUMBERS.has(name)) {
    const number = Number(raw.trim());
    return raw.trim() !== '' && Number.isFinite(number) ? number : raw;
  }
  if (name === 'tags') {
    const tags = parseTags(raw);
    if (tags === undefined) report('is not a valid JSON list of tags');
    return tags;
  }
  if (JSON_CELLS.has(name) || (WORD_OR_JSON.has(name) && raw.trimStart().startsWith('{'))) {
    try {
      return JSON.parse(raw) as unknown;
    } catch (error) {
      report(`is not valid JSON: ${(error as Error).message}`);
      return undefined;
    }
  }
  return raw;
}

/**
 * A stand-in for a parsed YAML document that places field paths on a CSV record: the line of
 * the record and the column of the cell, so model problems point at `file:line:column`.
 */
export function recordDocument(
  kind: CsvKind,
  file: string,
  header: Header,
  record: CsvRecord,
  value: unknown,
): ParsedDocument {
  return {
    file,
    index: record.line - 1,
    value,
    locate(path) {
      const { column, rest } = columnOf(kind, path);
      const cell = record.cells[header.get(column) ?? 0] as CsvCell;
      return { line: cell.line, column: cell.column, found: [column, ...rest] };
    },
  };
}

/** Decodes one record, reporting each problem at its cell; undefined when it has any. */
export function decodeRecord(
  kind: CsvKind,
  file: string,
  header: Header,
  record: CsvRecord,
  problems: Problem[],
): { decoded: DecodedDocument; document: ParsedDocument } | undefined {
  const before = problems.length;
  const value = recordToDocument(kind, header, record, (cell, message) => {
    const column = [...header].find(([, i]) => record.cells[i] === cell)?.[0] ?? '';
    problems.push({ file, line: cell.line, column: cell.column, path: column, message });
  });
  const document = recordDocument(kind, file, header, record, value);
  const reader = new FieldReader();
  const decoded = decodeDocument(value, reader);
  for (const problem of reader.problems) {
    const at = document.locate(problem.path);
    problems.push({
      file,
      line: at.line,
      column: at.column,
      path: formatPath(at.found),
      message: problem.message,
    });
  }
  if (problems.length > before || !decoded) return undefined;
  return { decoded, document };
}
