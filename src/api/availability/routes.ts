import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { answerChecked, checkQuestion } from '../../availability/answer.js';
import { availabilityCsv } from '../../availability/csv.js';
import type { Store } from '../../store/store.js';
import { READ_ROUTE } from '../rest/context.js';
import { writeErrors } from '../schemas/common.js';
import { AVAILABILITY_CSV_EXAMPLE, AvailabilityQuery, AvailabilitySchema } from './schemas.js';

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
      const { format, ...question } = request.query;
      // Checked before the recorder is flushed: a refused question waits for nothing.
      const checked = checkQuestion(question, clock());
      await recorder?.flush();
      const answer = await answerChecked(store, checked);
      if (wantsCsv(format, request.headers.accept))
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="availability-${answer.period.label.replace(/[^0-9A-Za-z-]/g, '_')}.csv"`,
          )
          .send(availabilityCsv(answer.services, answer.customers));
      return answer;
    },
  );
}
