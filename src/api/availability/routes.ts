import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { availabilityCsv } from '../../availability/csv.js';
import { parsePeriod } from '../../availability/period.js';
import {
  type CustomerAvailability,
  customerAvailability,
  presentPeriod,
  type ServiceAvailability,
  servicesAvailability,
} from '../../availability/report.js';
import { parseWeights } from '../../availability/weights.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { READ_ROUTE } from '../rest/context.js';
import { writeErrors } from '../schemas/common.js';
import {
  AVAILABILITY_CSV_EXAMPLE,
  AVAILABILITY_PAGE,
  AvailabilityQuery,
  AvailabilitySchema,
} from './schemas.js';

export interface AvailabilityRouteDeps {
  store: Store;
  /** The recorder, when this process writes the history: flushed before each answer. */
  recorder?: { flush(): Promise<void> };
  clock?: () => number;
}

/** Whether the client asked for CSV: `format=csv`, or `Accept: text/csv` without `format`. */
function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept ?? '');
}

/** Availability, SLO and error budget over a period, per service or per customer. */
export async function availabilityRoutes(
  app: FastifyInstance,
  { store, recorder, clock = Date.now }: AvailabilityRouteDeps,
): Promise<void> {
  app.get<{ Querystring: Static<typeof AvailabilityQuery> }>(
    '/api/v1/availability',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: ['availability'],
        summary: 'Availability, SLO and error budget over a period',
        description:
          "From the recorded status changes, over each service's service hours: unplanned time weighted by level (see `weights`), maintenance not charged. One service (`service`), one customer (`customer`: per subscription with the promise made to it, and combined as it experiences everything it consumes), or every service a page at a time. A running period is reported up to now (`period.partial`); one that has not started is refused. JSON, or CSV with `format=csv` or `Accept: text/csv` (see docs/availability.md).",
        querystring: AvailabilityQuery,
        response: {
          200: {
            description: 'the figures',
            content: {
              'application/json': { schema: AvailabilitySchema },
              'text/csv': { schema: Type.String({ examples: [AVAILABILITY_CSV_EXAMPLE] }) },
            },
          },
          ...writeErrors([400, 401, 403, 404]),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      if (query.service !== undefined && query.customer !== undefined)
        throw new InputError('service and customer do not go together: ask for one', [
          { path: 'querystring.customer', message: 'not with service' },
        ]);
      const period = parsePeriod(query.period, query.zone ?? 'UTC', clock());
      const weights = parseWeights(query.weights, 'querystring.weights');
      await recorder?.flush();
      const ask = { history: store, period, weights };
      let services: ServiceAvailability[] = [];
      let customers: CustomerAvailability[] = [];
      let total = 1;
      let next: number | null = null;
      if (query.customer !== undefined) {
        customers = [await customerReport(store, ask, query.customer)];
      } else if (query.service !== undefined) {
        const service = await store.getService(query.service);
        if (!service) throw new NotFoundError(`no service '${query.service}'`);
        services = await servicesAvailability(ask, [service]);
      } else {
        const all = await store.listServices();
        const offset = query.offset ?? 0;
        const end = offset + (query.limit ?? AVAILABILITY_PAGE.default);
        const page = all.slice(offset, end);
        services = await servicesAvailability(ask, page, page.length === all.length);
        total = all.length;
        next = end < total ? end : null;
      }
      if (wantsCsv(query.format, request.headers.accept))
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="availability-${period.label.replace(/[^0-9A-Za-z-]/g, '_')}.csv"`,
          )
          .send(availabilityCsv(services, customers));
      return { period: presentPeriod(period), weights, services, customers, total, next };
    },
  );
}

async function customerReport(
  store: Store,
  ask: Parameters<typeof customerAvailability>[0],
  id: string,
): Promise<CustomerAvailability> {
  const party = await store.getParty(id);
  if (!party) throw new NotFoundError(`no party '${id}'`);
  const pairs = [];
  for (const subscription of await store.listSubscriptions({ party: id })) {
    const service = await store.getService(subscription.service);
    if (service) pairs.push({ subscription, service });
  }
  return customerAvailability(ask, party, pairs);
}
