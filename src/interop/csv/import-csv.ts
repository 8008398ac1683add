import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type Origin, originKey } from '../../as-code/compile-model.js';
import type { DecodedDocument } from '../../as-code/decode-document.js';
import {
  dependencyKey,
  type EntityKind,
  emptyModel,
  type Model,
  subscriptionKey,
} from '../../model/entities.js';
import type { Problem } from '../../model/errors.js';
import { collisionKey } from '../../model/ids.js';
import type { ImportSource } from '../import-plan.js';
import { decodeRecord, readHeader } from './csv-decode.js';
import { CSV_KINDS, type CsvKind, csvFileName } from './csv-tables.js';
import { parseCsv } from './csv-text.js';

/** One CSV text to import and which table it holds. */
export interface CsvInput {
  file: string;
  kind: CsvKind;
  text: string;
}

/** Largest CSV file read, in bytes. */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

/**
 * The CSV files at `path`: a folder's services.csv, parties.csv, dependencies.csv and
 * subscriptions.csv (those present, or only `kind`'s), or one file whose table is `kind` or
 * its name.
 */
export async function readCsvInputs(
  path: string,
  kind?: CsvKind,
): Promise<{ inputs: CsvInput[]; problems: Problem[] }> {
  let folder: boolean;
  try {
    folder = (await stat(path)).isDirectory();
  } catch {
    return { inputs: [], problems: [{ file: path, message: 'no such file or folder' }] };
  }
  const wanted: { file: string; kind: CsvKind }[] = [];
  if (folder) {
    for (const k of kind ? [kind] : CSV_KINDS) {
      const file = join(path, csvFileName(k));
      if (await exists(file)) wanted.push({ file, kind: k });
    }
    if (wanted.length === 0) {
      const names = (kind ? [kind] : CSV_KINDS).map(csvFileName).join(', ');
      return {
        inputs: [],
        problems: [{ file: path, message: `the folder holds none of ${names}` }],
      };
    }
  } else {
    const named = CSV_KINDS.find((k) => basename(path).toLowerCase() === csvFileName(k));
    const chosen = kind ?? named;
    if (!chosen)
      return {
        inputs: [],
        problems: [
          { file: path, message: `say which table it holds with --kind (${CSV_KINDS.join(', ')})` },
        ],
      };
    wanted.push({ file: path, kind: chosen });
  }
  const inputs: CsvInput[] = [];
  const problems: Problem[] = [];
  for (const { file, kind: k } of wanted) {
    const size = (await stat(file)).size;
    if (size > MAX_CSV_BYTES) {
      problems.push({
        file,
        message: `is ${size} bytes, larger than the limit of ${MAX_CSV_BYTES}`,
      });
      continue;
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
      inputs.push({ file, kind: k, text });
    } catch {
      problems.push({ file, message: 'is not valid UTF-8 text' });
    }
  }
  return { inputs, problems };
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export interface CsvReadOptions {
  /** The stored model: without `prune`, declared entities keep their stored relations. */
  current: Model;
  prune: boolean;
  /** Called with the count of records read, every 1000. */
  onProgress?: (read: number) => void;
}

/**
 * The model the CSV texts declare, ready for `planImport`. Rows are upserts: a service or party
 * row replaces that entity's fields, a dependency or subscription row that relation; stored
 * relations of a declared entity stay unless `prune` makes the files the whole model.
 * Duplicate rows are reported at the second, naming the first.
 */
export function readCsvModel(inputs: readonly CsvInput[], options: CsvReadOptions): ImportSource {
  const collector = new CsvCollector();
  for (const input of inputs) collector.readTable(input, options.onProgress);
  const { model, origins, problems, read } = collector;
  if (!options.prune) keepStoredRelations(model, options.current);
  return { model, origins, problems, read, skipped: [] };
}

/** Collects the entities of CSV tables, refusing a second row with the key of an earlier one. */
class CsvCollector {
  readonly model = emptyModel();
  readonly origins = new Map<string, Origin>();
  readonly problems: Problem[] = [];
  read = 0;
  private readonly firstSeen = new Map<string, string>();

  readTable(input: CsvInput, onProgress?: (read: number) => void): void {
    const parsed = parseCsv(input.text);
    for (const p of parsed.problems) this.problems.push({ file: input.file, ...p });
    const [first, ...records] = parsed.records;
    if (!first) {
      this.problems.push({
        file: input.file,
        line: 1,
        message: 'is empty: a header row is required',
      });
      return;
    }
    const { header, problems } = readHeader(input.kind, input.file, first);
    this.problems.push(...problems);
    if (problems.some((p) => p.message.startsWith('the header has no'))) return;
    for (const record of records) {
      this.read += 1;
      if (this.read % 1000 === 0) onProgress?.(this.read);
      if (record.cells.length !== first.cells.length) {
        this.problems.push({
          file: input.file,
          line: record.line,
          column: 1,
          message: `has ${record.cells.length} fields where the header has ${first.cells.length}`,
        });
        continue;
      }
      const result = decodeRecord(input.kind, input.file, header, record, this.problems);
      if (result) this.add(input.kind, result.decoded, { document: result.document, path: [] });
    }
  }

  private add(kind: CsvKind, decoded: DecodedDocument, origin: Origin): void {
    const { model } = this;
    if (kind === 'services' && decoded.kind === 'Service') {
      const { service } = decoded;
      if (this.claim('service', service.id, collisionKey(service.id), origin))
        model.services.push(service);
    } else if (kind === 'parties' && decoded.kind === 'Party') {
      const { party } = decoded;
      if (this.claim('party', party.id, collisionKey(party.id), origin)) model.parties.push(party);
    } else if (decoded.kind === 'Service') {
      for (const { value } of decoded.dependencies)
        if (this.claim('dependency', dependencyKey(value), dependencyKey(value), origin))
          model.dependencies.push(value);
    } else {
      for (const { value } of decoded.subscriptions)
        if (this.claim('subscription', subscriptionKey(value), subscriptionKey(value), origin))
          model.subscriptions.push(value);
    }
  }

  private claim(kind: EntityKind, key: string, collision: string, origin: Origin): boolean {
    const { document } = origin;
    const earlier = this.firstSeen.get(`${kind}:${collision}`);
    if (earlier) {
      const at = document.locate([]);
      this.problems.push({
        file: document.file,
        line: at.line,
        column: at.column,
        message: `${kind} '${key}' is already defined at ${earlier}`,
      });
      return false;
    }
    this.firstSeen.set(`${kind}:${collision}`, `${document.file}:${document.index + 1}`);
    this.origins.set(originKey(kind, key), origin);
    return true;
  }
}

/** Adds the stored relations of declared entities that the files do not restate. */
function keepStoredRelations(model: Model, current: Model): void {
  const services = new Set(model.services.map((s) => s.id));
  const parties = new Set(model.parties.map((p) => p.id));
  const edges = new Set(model.dependencies.map(dependencyKey));
  const subscriptions = new Set(model.subscriptions.map(subscriptionKey));
  for (const d of current.dependencies)
    if (services.has(d.from) && !edges.has(dependencyKey(d))) model.dependencies.push(d);
  for (const s of current.subscriptions)
    if (parties.has(s.party) && !subscriptions.has(subscriptionKey(s))) model.subscriptions.push(s);
}
