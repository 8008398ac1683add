import { type Static, Type } from 'typebox';
import type { StatusEngine } from '../../engine/index.js';
import { CRITICALITIES, LIFECYCLES, type Model, type Service } from '../../model/entities.js';
import { levelRank, STATUS_LEVELS, type StatusLevel } from '../../model/levels.js';
import { ModelIndex } from '../../model/model-index.js';
import { presentService } from '../present.js';
import type { RestContext } from '../rest/context.js';
import { type Page, paginate, type Sorts } from '../rest/page.js';
import { PageQueryFields, sortNames } from '../schemas/common.js';
import { IdSchema } from '../schemas/entities.js';
import { LIMITS } from '../schemas/limits.js';

const CRITICALITY_RANK = Object.fromEntries(CRITICALITIES.map((c, i) => [c, i]));

function statusOf(engine: StatusEngine, id: string): StatusLevel {
  // 'unknown' for a service written a moment ago, before the engine caught up
  return engine.has(id) ? engine.status(id).level : 'unknown';
}

function sortsFor(engine: StatusEngine): Sorts<Service> {
  return {
    id: (s) => s.id,
    name: (s) => s.name.toLowerCase(),
    label: (s) => s.label,
    provider: (s) => s.provider ?? null,
    lifecycle: (s) => s.lifecycle,
    criticality: (s) => (s.criticality ? (CRITICALITY_RANK[s.criticality] as number) : null),
    costPerHour: (s) => s.costPerHour ?? null,
    status: (s) => levelRank(statusOf(engine, s.id)),
  };
}

const SORT_NAMES = [
  'id',
  'name',
  'label',
  'provider',
  'lifecycle',
  'criticality',
  'costPerHour',
  'status',
];

export const ServiceListQuery = Type.Object(
  {
    label: Type.Optional(
      Type.String({ maxLength: LIMITS.labelMaxLength, description: 'e.g. business' }),
    ),
    provider: Type.Optional(IdSchema),
    customer: Type.Optional({
      ...IdSchema,
      description:
        'a party: the services it consumes or provides, and everything those rest on (the derived customer chain)',
    }),
    status: Type.Optional(Type.Enum([...STATUS_LEVELS], { description: 'effective status now' })),
    tag: Type.Optional(Type.String({ maxLength: LIMITS.tagMaxLength })),
    lifecycle: Type.Optional(Type.Enum([...LIFECYCLES])),
    criticality: Type.Optional(Type.Enum([...CRITICALITIES])),
    q: Type.Optional(
      Type.String({
        maxLength: LIMITS.queryMaxLength,
        description: 'text in the id, name or description (case-insensitive)',
      }),
    ),
    sort: Type.Optional(
      Type.Enum(sortNames(SORT_NAMES), {
        default: 'id',
        description: 'a field; a leading "-" sorts descending; ties by id',
      }),
    ),
    ...PageQueryFields,
  },
  { additionalProperties: false },
);
export type ServiceListQuery = Static<typeof ServiceListQuery>;

/** The services a party is a customer of: what it consumes or provides, and all they rest on. */
export function servicesOfCustomer(model: Model, party: string): Set<string> {
  const index = new ModelIndex(model);
  const found = new Set<string>();
  for (const subscription of index.consumes.get(party) ?? [])
    for (const { service } of index.walk(subscription.service, 'down')) found.add(service);
  for (const provided of index.provides.get(party) ?? [])
    for (const { service, hop } of index.walk(provided.id, 'down')) if (hop > 0) found.add(service);
  return found;
}

function matches(service: Service, query: ServiceListQuery, needle: string | undefined): boolean {
  if (query.label !== undefined && service.label !== query.label) return false;
  if (query.provider !== undefined && service.provider !== query.provider) return false;
  if (query.tag !== undefined && !service.tags.includes(query.tag)) return false;
  if (query.lifecycle !== undefined && service.lifecycle !== query.lifecycle) return false;
  if (query.criticality !== undefined && service.criticality !== query.criticality) return false;
  if (needle !== undefined) {
    const text = `${service.id}\n${service.name}\n${service.description ?? ''}`.toLowerCase();
    if (!text.includes(needle)) return false;
  }
  return true;
}

/** One page of services matching every given filter. */
export async function listServicePage(
  context: RestContext,
  query: ServiceListQuery,
): Promise<Page<Record<string, unknown>>> {
  const engine = context.runtime.engine;
  let services: Service[];
  if (query.customer !== undefined) {
    const model = await context.store.loadModel();
    const chain = servicesOfCustomer(model, query.customer);
    services = model.services.filter((s) => chain.has(s.id));
  } else services = await context.store.listServices();
  const needle = query.q?.toLowerCase();
  const status = query.status;
  const found = services.filter(
    (s) => matches(s, query, needle) && (status === undefined || statusOf(engine, s.id) === status),
  );
  const { limit, cursor, sort, ...filters } = query;
  const page = paginate(found, {
    sorts: sortsFor(engine),
    sort: sort ?? 'id',
    id: (s) => s.id,
    limit: limit ?? LIMITS.pageDefault,
    cursor,
    query: JSON.stringify(Object.entries(filters).sort()),
    codec: context.cursors,
  });
  return { ...page, items: page.items.map((s) => presentService(s)) };
}
