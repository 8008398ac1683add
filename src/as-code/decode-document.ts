import {
  CONTACT_TYPES,
  type Contact,
  CRITICALITIES,
  type Dependency,
  type EntityMeta,
  LIFECYCLES,
  type Link,
  PARTY_KINDS,
  type Party,
  type Service,
  type ServiceHours,
  type SignalMatcher,
  type Subscription,
  WEEKDAYS,
} from '../model/entities.js';
import { idProblem } from '../model/ids.js';
import { parseEdgeImpact } from '../model/impact.js';
import { parseNodeRule } from '../model/rule.js';
import type { FieldPath, FieldReader } from './field-reader.js';

export const API_VERSION = 'servicechain/v1';
export const DOCUMENT_KINDS = ['Party', 'Service'] as const;

/** What one document declares, with the path of each nested relation for error reporting. */
export type DecodedDocument =
  | { kind: 'Party'; party: Party; subscriptions: { value: Subscription; path: FieldPath }[] }
  | { kind: 'Service'; service: Service; dependencies: { value: Dependency; path: FieldPath }[] };

const ENVELOPE_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];
const METADATA_FIELDS = ['id', 'name', 'description', 'labels', 'tags', 'links'];
const SERVICE_FIELDS = [
  'label',
  'provider',
  'lifecycle',
  'criticality',
  'costPerHour',
  'slo',
  'hours',
  'rule',
  'dependsOn',
  'signals',
];
const PARTY_FIELDS = ['kind', 'parent', 'contacts', 'consumes'];

/** Decodes one document; undefined when it is too broken to say what it declares. */
export function decodeDocument(value: unknown, reader: FieldReader): DecodedDocument | undefined {
  const envelope = reader.map(value, [], ENVELOPE_FIELDS);
  if (!envelope) {
    if (value === undefined || value === null) reader.report([], 'the document is empty');
    return undefined;
  }
  const apiVersion = reader.required(envelope.apiVersion, ['apiVersion']);
  if (apiVersion !== undefined && apiVersion !== API_VERSION) {
    reader.report(['apiVersion'], `'${String(apiVersion)}' is not supported: use ${API_VERSION}`);
  }
  const kind = reader.oneOf(reader.required(envelope.kind, ['kind']), ['kind'], DOCUMENT_KINDS);
  const meta = decodeMeta(reader.required(envelope.metadata, ['metadata']), reader);
  const spec = envelope.spec ?? {};
  if (!kind || !meta) return undefined;
  if (kind === 'Service') return decodeService(meta, spec, reader);
  return decodeParty(meta, spec, reader);
}

function decodeMeta(value: unknown, reader: FieldReader): EntityMeta | undefined {
  const metadata = reader.map(value, ['metadata'], METADATA_FIELDS);
  if (!metadata) return undefined;
  const id = readId(metadata.id, ['metadata', 'id'], reader, true);
  if (!id) return undefined;
  const name = reader.string(metadata.name, ['metadata', 'name'], 200) ?? id;
  const meta: EntityMeta = {
    id,
    name,
    labels: reader.stringMap(metadata.labels, ['metadata', 'labels']),
    tags: reader.stringList(metadata.tags, ['metadata', 'tags']),
    links: decodeLinks(metadata.links, reader),
  };
  const description = reader.string(metadata.description, ['metadata', 'description'], 4000);
  if (description !== undefined) meta.description = description;
  return meta;
}

/** Reads an id or a reference to one; reports a missing (when required) or malformed id. */
export function readId(
  value: unknown,
  path: FieldPath,
  reader: FieldReader,
  required = false,
): string | undefined {
  if (value === undefined || value === null) {
    if (required) reader.report(path, 'is required');
    return undefined;
  }
  const id = typeof value === 'number' ? String(value) : reader.string(value, path, 100);
  if (id === undefined) return undefined;
  const problem = idProblem(id);
  if (problem) {
    reader.report(path, problem);
    return undefined;
  }
  return id;
}

const LINK_FIELDS = ['url', 'title', 'type'];

/**
 * Reads `metadata.links`: http, https or mailto addresses with an optional title and type. Other
 * fields are refused unless `strict` is false (catalogs from other tools carry extra ones, such as
 * Backstage's `icon`, which are then ignored).
 */
export function decodeLinks(value: unknown, reader: FieldReader, strict = true): Link[] {
  const links: Link[] = [];
  for (const [index, item] of reader.list(value, ['metadata', 'links'], 100).entries()) {
    const path = ['metadata', 'links', index];
    const record = reader.map(item, path, strict ? LINK_FIELDS : undefined);
    if (!record) continue;
    const url = reader.string(
      reader.required(record.url, [...path, 'url']),
      [...path, 'url'],
      2000,
    );
    if (url === undefined) continue;
    if (!/^(https?|mailto):/i.test(url)) {
      reader.report([...path, 'url'], `'${url}' is not an http, https or mailto address`);
      continue;
    }
    const link: Link = { url };
    const title = reader.string(record.title, [...path, 'title'], 200);
    const type = reader.string(record.type, [...path, 'type'], 50);
    if (title !== undefined) link.title = title;
    if (type !== undefined) link.type = type;
    links.push(link);
  }
  return links;
}

function decodeService(meta: EntityMeta, specValue: unknown, reader: FieldReader): DecodedDocument {
  const spec = reader.map(specValue, ['spec'], SERVICE_FIELDS) ?? {};
  const service: Service = {
    ...meta,
    label: reader.string(spec.label, ['spec', 'label'], 50) ?? 'service',
    lifecycle: reader.oneOf(spec.lifecycle, ['spec', 'lifecycle'], LIFECYCLES) ?? 'live',
    rule: { kind: 'worst' },
    signals: decodeSignals(spec.signals, reader),
  };
  const provider = readId(spec.provider, ['spec', 'provider'], reader);
  if (provider) service.provider = provider;
  const criticality = reader.oneOf(spec.criticality, ['spec', 'criticality'], CRITICALITIES);
  if (criticality) service.criticality = criticality;
  const cost = reader.number(spec.costPerHour, ['spec', 'costPerHour'], 0, 1e12);
  if (cost !== undefined) service.costPerHour = cost;
  const slo = reader.number(spec.slo, ['spec', 'slo'], 0, 100);
  if (slo !== undefined) service.slo = slo;
  const hours = decodeHours(spec.hours, reader);
  if (hours) service.hours = hours;
  if (spec.rule !== undefined) {
    const rule = parseNodeRule(spec.rule);
    if (rule.ok) service.rule = rule.value;
    else
      reader.report(
        ['spec', 'rule'],
        rule.error.replace(/^rule(\.| )/, (m) => (m === 'rule.' ? '' : 'rule ')),
      );
  }
  const dependencies: { value: Dependency; path: FieldPath }[] = [];
  for (const [index, item] of reader.list(spec.dependsOn, ['spec', 'dependsOn']).entries()) {
    const path: FieldPath = ['spec', 'dependsOn', index];
    const dependency = decodeDependency(meta.id, item, path, reader);
    if (dependency) dependencies.push({ value: dependency, path });
  }
  return { kind: 'Service', service, dependencies };
}

function decodeDependency(
  from: string,
  item: unknown,
  path: FieldPath,
  reader: FieldReader,
): Dependency | undefined {
  if (typeof item === 'string') {
    const to = readId(item, path, reader);
    return to ? { from, to, impact: { kind: 'as-is' }, weight: 1 } : undefined;
  }
  const record = reader.map(item, path, ['service', 'impact', 'weight', 'note']);
  if (!record) return undefined;
  const to = readId(record.service, [...path, 'service'], reader, true);
  const impact = parseEdgeImpact(record.impact);
  if (!impact.ok) reader.report([...path, 'impact'], impact.error);
  const weight = reader.number(record.weight, [...path, 'weight'], 0, 1e6) ?? 1;
  const note = reader.string(record.note, [...path, 'note'], 1000);
  if (!to || !impact.ok) return undefined;
  const dependency: Dependency = { from, to, impact: impact.value, weight };
  if (note !== undefined) dependency.note = note;
  return dependency;
}

function decodeSignals(value: unknown, reader: FieldReader): SignalMatcher[] {
  const matchers: SignalMatcher[] = [];
  for (const [index, item] of reader.list(value, ['spec', 'signals'], 100).entries()) {
    const path: FieldPath = ['spec', 'signals', index];
    const record = reader.map(item, path, ['source', 'match', 'matchRegex']);
    if (!record) continue;
    const matcher: SignalMatcher = {
      match: reader.stringMap(record.match, [...path, 'match']),
      matchRegex: reader.stringMap(record.matchRegex, [...path, 'matchRegex']),
    };
    for (const [label, pattern] of Object.entries(matcher.matchRegex)) {
      try {
        new RegExp(`^(?:${pattern})$`);
      } catch (error) {
        reader.report(
          [...path, 'matchRegex', label],
          `'${pattern}' is not a valid regular expression: ${(error as Error).message}`,
        );
      }
    }
    if (Object.keys(matcher.match).length + Object.keys(matcher.matchRegex).length === 0) {
      reader.report(path, 'needs at least one label in match or matchRegex');
    }
    const source = reader.string(record.source, [...path, 'source'], 50);
    if (source !== undefined) matcher.source = source;
    matchers.push(matcher);
  }
  return matchers;
}

function decodeHours(value: unknown, reader: FieldReader): ServiceHours | undefined {
  const record = reader.map(value, ['spec', 'hours'], ['timeZone', 'weekly', 'holidays']);
  if (!record) return undefined;
  const timeZone = reader.string(
    reader.required(record.timeZone, ['spec', 'hours', 'timeZone']),
    ['spec', 'hours', 'timeZone'],
    100,
  );
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    reader.report(
      ['spec', 'hours', 'timeZone'],
      `'${timeZone}' is not a known IANA time zone such as Europe/Berlin`,
    );
  }
  const weekly: ServiceHours['weekly'] = {};
  const days = reader.map(record.weekly, ['spec', 'hours', 'weekly'], WEEKDAYS) ?? {};
  for (const day of WEEKDAYS) {
    if (days[day] === undefined) continue;
    const ranges = reader.stringList(days[day], ['spec', 'hours', 'weekly', day], 20);
    ranges.forEach((range, index) => {
      if (!isTimeRange(range))
        reader.report(
          ['spec', 'hours', 'weekly', day, index],
          `'${range}' is not a range such as 08:00-18:00 (start before end; 24:00 allowed as an end)`,
        );
    });
    weekly[day] = ranges;
  }
  const holidays = reader.stringList(record.holidays, ['spec', 'hours', 'holidays'], 10);
  holidays.forEach((date, index) => {
    if (!isIsoDate(date))
      reader.report(
        ['spec', 'hours', 'holidays', index],
        `'${date}' is not a date such as 2026-12-25`,
      );
  });
  if (timeZone === undefined) return undefined;
  return { timeZone, weekly, holidays };
}

function decodeParty(meta: EntityMeta, specValue: unknown, reader: FieldReader): DecodedDocument {
  const spec = reader.map(specValue, ['spec'], PARTY_FIELDS) ?? {};
  const party: Party = {
    ...meta,
    kind:
      reader.oneOf(reader.required(spec.kind, ['spec', 'kind']), ['spec', 'kind'], PARTY_KINDS) ??
      'team',
    contacts: decodeContacts(spec.contacts, reader),
  };
  const parent = readId(spec.parent, ['spec', 'parent'], reader);
  if (parent) party.parent = parent;
  const subscriptions: { value: Subscription; path: FieldPath }[] = [];
  for (const [index, item] of reader.list(spec.consumes, ['spec', 'consumes']).entries()) {
    const path: FieldPath = ['spec', 'consumes', index];
    if (typeof item === 'string') {
      const service = readId(item, path, reader);
      if (service) subscriptions.push({ value: { party: meta.id, service }, path });
      continue;
    }
    const record = reader.map(item, path, ['service', 'slo', 'note']);
    if (!record) continue;
    const service = readId(record.service, [...path, 'service'], reader, true);
    const slo = reader.number(record.slo, [...path, 'slo'], 0, 100);
    const note = reader.string(record.note, [...path, 'note'], 1000);
    if (!service) continue;
    const subscription: Subscription = { party: meta.id, service };
    if (slo !== undefined) subscription.slo = slo;
    if (note !== undefined) subscription.note = note;
    subscriptions.push({ value: subscription, path });
  }
  return { kind: 'Party', party, subscriptions };
}

function decodeContacts(value: unknown, reader: FieldReader): Contact[] {
  const contacts: Contact[] = [];
  for (const [index, item] of reader.list(value, ['spec', 'contacts'], 50).entries()) {
    const path: FieldPath = ['spec', 'contacts', index];
    const record = reader.map(item, path, ['type', 'value', 'name']);
    if (!record) continue;
    const type = reader.oneOf(
      reader.required(record.type, [...path, 'type']),
      [...path, 'type'],
      CONTACT_TYPES,
    );
    const text = reader.string(
      reader.required(record.value, [...path, 'value']),
      [...path, 'value'],
      500,
    );
    const name = reader.string(record.name, [...path, 'name'], 200);
    if (!type || text === undefined) continue;
    const contact: Contact = { type, value: text };
    if (name !== undefined) contact.name = name;
    contacts.push(contact);
  }
  return contacts;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isTimeRange(range: string): boolean {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/.exec(range);
  if (!match) return false;
  const start = Number(match[1]) * 60 + Number(match[2]);
  const end = Number(match[3]) * 60 + Number(match[4]);
  return end <= 24 * 60 && start < end;
}

function isIsoDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}
