import type { Model } from '../../model/entities.js';
import { formatEdgeImpact } from '../../model/impact.js';
import { formatNodeRule } from '../../model/rule.js';
import { formatCsv, guardCell } from './csv-text.js';

export const CSV_KINDS = ['services', 'parties', 'dependencies', 'subscriptions'] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

/**
 * The columns of each file, in the order export writes them. Import takes them in any order;
 * the first (the id, or both ends of a relation) are required, the others may be left out.
 */
export const CSV_COLUMNS: Readonly<Record<CsvKind, readonly string[]>> = {
  services: [
    'id',
    'name',
    'label',
    'provider',
    'lifecycle',
    'criticality',
    'slo',
    'costPerHour',
    'rule',
    'description',
    'tags',
    'labels',
    'links',
    'signals',
    'hours',
  ],
  parties: ['id', 'name', 'kind', 'parent', 'description', 'tags', 'labels', 'links', 'contacts'],
  dependencies: ['from', 'to', 'impact', 'weight', 'note'],
  subscriptions: ['party', 'service', 'slo', 'note'],
};

/** Columns a file must have. */
export const REQUIRED_COLUMNS: Readonly<Record<CsvKind, readonly string[]>> = {
  services: ['id'],
  parties: ['id'],
  dependencies: ['from', 'to'],
  subscriptions: ['party', 'service'],
};

export function csvFileName(kind: CsvKind): string {
  return `${kind}.csv`;
}

/**
 * Tags as `a;b;c` when that reads back the same; otherwise (a tag with `;`, surrounding space,
 * an empty tag, or a first tag starting with `[`) as a JSON list.
 */
export function formatTags(tags: readonly string[]): string {
  if (tags.length === 0) return '';
  const plain = tags.every((t) => t !== '' && !t.includes(';') && t.trim() === t);
  if (plain && !(tags[0] as string).startsWith('[')) return tags.join(';');
  return JSON.stringify(tags);
}

/** Reads what `formatTags` wrote; undefined when a JSON list is malformed. */
export function parseTags(cell: string): unknown {
  if (cell.startsWith('[')) {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      return undefined;
    }
  }
  return cell.split(';').map((t) => t.trim());
}

/** A structured value as compact JSON, or empty when there is nothing to say. */
function json(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value) && value.length === 0) return '';
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const text = (value: string | number | undefined) => (value === undefined ? '' : String(value));

/** Each table's rows (header first), entities sorted as the store sorts them. */
export function modelToRows(model: Model): Record<CsvKind, string[][]> {
  const byId = <T extends { id: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const services = byId(model.services).map((s) => [
    s.id,
    s.name,
    s.label,
    text(s.provider),
    s.lifecycle,
    text(s.criticality),
    text(s.slo),
    text(s.costPerHour),
    json(formatNodeRule(s.rule)),
    text(s.description),
    formatTags(s.tags),
    json(s.labels),
    json(s.links),
    json(s.signals),
    json(s.hours),
  ]);
  const parties = byId(model.parties).map((p) => [
    p.id,
    p.name,
    p.kind,
    text(p.parent),
    text(p.description),
    formatTags(p.tags),
    json(p.labels),
    json(p.links),
    json(p.contacts),
  ]);
  const dependencies = [...model.dependencies]
    .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to))
    .map((d) => [
      d.from,
      d.to,
      json(formatEdgeImpact(d.impact)),
      d.weight === 1 ? '' : String(d.weight),
      text(d.note),
    ]);
  const subscriptions = [...model.subscriptions]
    .sort((a, b) => compare(a.party, b.party) || compare(a.service, b.service))
    .map((s) => [s.party, s.service, text(s.slo), text(s.note)]);
  const rows = { services, parties, dependencies, subscriptions };
  return Object.fromEntries(
    CSV_KINDS.map((kind) => [kind, [[...CSV_COLUMNS[kind]], ...rows[kind]]]),
  ) as Record<CsvKind, string[][]>;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The model as four CSV texts, every cell guarded against formula injection (see `guardCell`),
 * so a file opened in a spreadsheet cannot run anything. `importCsv` reads them back unchanged.
 */
export function modelToCsv(model: Model): Record<CsvKind, string> {
  const rows = modelToRows(model);
  return Object.fromEntries(
    CSV_KINDS.map((kind) => [kind, formatCsv(rows[kind].map((row) => row.map(guardCell)))]),
  ) as Record<CsvKind, string>;
}
