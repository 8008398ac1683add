import { InputError, NotFoundError } from '../../model/errors.js';
import { isValidId } from '../../model/ids.js';
import type { ModelIndex } from '../../model/model-index.js';
import { didYouMean } from '../../model/suggest.js';
import type { LiveEvent } from '../../runtime/event-log.js';
import { touchedBy } from '../../runtime/live-feed.js';

/** The most ids a stream may be filtered by, services and parties together. */
export const MAX_FILTER_IDS = 100;

/** What a stream client asked for: `?service=a,b&party=p`; both empty means everything. */
export interface StreamSelection {
  services: string[];
  parties: string[];
}

/** Reads `service` and `party` (comma-separated ids); throws InputError naming the bad one. */
export function parseSelection(query: { service?: string; party?: string }): StreamSelection {
  const list = (name: 'service' | 'party') => {
    const text = query[name];
    if (text === undefined || text === '') return [];
    const ids = [...new Set(text.split(','))];
    for (const id of ids)
      if (!isValidId(id))
        throw new InputError(`${name}: '${id.slice(0, 70)}' is not an id`, [
          { path: `query.${name}`, message: 'expected comma-separated ids' },
        ]);
    return ids;
  };
  const selection = { services: list('service'), parties: list('party') };
  if (selection.services.length + selection.parties.length > MAX_FILTER_IDS)
    throw new InputError(`a stream can follow at most ${MAX_FILTER_IDS} services and parties`);
  return selection;
}

/**
 * The services a party follows: those it provides, those it consumes, and every service their
 * customer chain reaches it through (everything they rest on, transitively).
 */
export function servicesOfParty(index: ModelIndex, party: string): Set<string> {
  const services = new Set<string>();
  const starts = [
    ...(index.provides.get(party) ?? []).map((s) => s.id),
    ...(index.consumes.get(party) ?? []).map((s) => s.service),
  ];
  for (const start of starts) {
    if (services.has(start)) continue;
    for (const { service } of index.walk(start, 'down')) services.add(service);
  }
  return services;
}

/**
 * Which events a client gets. Status events of the followed services; model events that touch a
 * followed service or party, or that are truncated (they may touch anything).
 */
export class StreamFilter {
  private services: ReadonlySet<string> = new Set();

  constructor(readonly selection: StreamSelection) {}

  /** Whether it lets everything through. */
  get all(): boolean {
    return this.selection.services.length === 0 && this.selection.parties.length === 0;
  }

  /** Resolves the followed services from the model; NotFoundError for an unknown id. */
  resolve(index: ModelIndex): void {
    const unknown = (kind: string, id: string, known: Iterable<string>) =>
      new NotFoundError(`no ${kind} '${id}'${didYouMean(id, known)}`);
    const services = new Set<string>();
    for (const id of this.selection.services) {
      if (!index.services.has(id)) throw unknown('service', id, index.services.keys());
      services.add(id);
    }
    for (const id of this.selection.parties) {
      if (!index.parties.has(id)) throw unknown('party', id, index.parties.keys());
      for (const service of servicesOfParty(index, id)) services.add(service);
    }
    this.services = services;
  }

  /**
   * Like resolve, for a changed model: ids that no longer exist are skipped rather than refused
   * (the client follows what remains).
   */
  refresh(index: ModelIndex): void {
    const services = new Set<string>();
    for (const id of this.selection.services) services.add(id);
    for (const id of this.selection.parties)
      for (const service of servicesOfParty(index, id)) services.add(service);
    this.services = services;
  }

  matches(event: LiveEvent): boolean {
    if (this.all) return true;
    if (event.type === 'status') return this.services.has(event.service);
    if (event.truncated) return true;
    return event.changes.some((change) => {
      const touched = touchedBy(change);
      return (
        touched.services.some((s) => this.services.has(s)) ||
        touched.parties.some((p) => this.selection.parties.includes(p))
      );
    });
  }
}
