import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import { maintenanceReach } from '../../maintenance/impact.js';
import { MAINTENANCE_LIMITS } from '../../maintenance/limits.js';
import { nextOccurrences } from '../../maintenance/occurrences.js';
import { presentOccurrence, presentWindow } from '../../maintenance/present.js';
import type { MaintenanceWindow, WindowSchedule } from '../../maintenance/types.js';
import {
  type Announce,
  cancelWindow,
  checkDraft,
  findWindows,
  getWindow,
  planWindow,
  replanWindow,
} from '../../maintenance/windows.js';
import type { MaintenanceScheduler } from '../../runtime/maintenance-scheduler.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import type { Store } from '../../store/store.js';
import { actorOf } from '../access.js';
import { preconditionFailed, preconditionRequired } from '../errors.js';
import { READ_ROUTE } from '../rest/context.js';
import { parseIfMatch } from '../rest/etag.js';
import { IfMatchHeaders, writeErrors } from '../schemas/common.js';
import {
  ImpactPreviewSchema,
  WindowDraftBody,
  WindowIdParams,
  WindowListQuery,
  WindowPage,
  WindowSchema,
} from '../schemas/maintenance.js';

export interface MaintenanceRouteDeps {
  store: Store;
  runtime: StatusRuntime;
  /** Told after every window write; its clock is what "now" means here. */
  scheduler: MaintenanceScheduler;
  /** Queues news for notification subscribers (Notifications.announce). */
  announce?: Announce;
}

const TAGS = ['maintenance'];
/** Fresh options per route: hooks (rate limits) write into a route's config object. */
const read = () => ({ ...READ_ROUTE, config: { access: 'read' as const } });
const write = () => ({ ...READ_ROUTE, config: { access: 'write' as const } });

/** `"<version>-<created, base 36>"`, like the model's entity tags. */
export function windowTag(window: Pick<MaintenanceWindow, 'version' | 'createdAt'>): string {
  return `"${window.version}-${window.createdAt.toString(36)}"`;
}

type Draft = Static<typeof WindowDraftBody>;

/**
 * Maintenance windows under /api/v1/maintenance: list, read (with the next occurrences), plan,
 * change (If-Match), cancel, and the impact before it starts, of a stored window or of a draft.
 * Writing needs write access; reading, and previewing a draft (nothing is stored), read access.
 */
export async function maintenanceRoutes(
  app: FastifyInstance,
  { store, runtime, scheduler, announce }: MaintenanceRouteDeps,
): Promise<void> {
  const send = (reply: FastifyReply, window: MaintenanceWindow, status = 200) =>
    reply
      .status(status)
      .header('etag', windowTag(window))
      .send(presentWindow(window, scheduler.now()));

  /** The version an If-Match names, checked against the stored window (428 without one). */
  const expectedVersion = async (id: number, header: unknown, what: string) => {
    const condition = parseIfMatch(typeof header === 'string' ? header : undefined);
    if (!condition) throw preconditionRequired(`${what} maintenance window ${id}`);
    const current = await getWindow(store, id);
    if (!condition.any && !condition.tags.includes(windowTag(current)))
      throw preconditionFailed(`maintenance window ${id}`, windowTag(current));
    return current.version;
  };

  const impactOf = (services: readonly string[], schedule: WindowSchedule | undefined) => {
    // A window may name a service deleted since.
    const known = services.filter((service) => runtime.engine.has(service));
    const next = schedule
      ? nextOccurrences(schedule, scheduler.now(), MAINTENANCE_LIMITS.nextOccurrences)
      : [];
    return {
      ...maintenanceReach(runtime.engine.compact, known),
      next: next.map(presentOccurrence),
    };
  };

  app.get<{ Querystring: Static<typeof WindowListQuery> }>(
    '/api/v1/maintenance',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'List maintenance windows, oldest first',
        description:
          "Filters combine: `when` (upcoming, active, past, all) and `service` (windows that cover it). Pages go on with `after` (the previous page's `next`).",
        querystring: WindowListQuery,
        response: { 200: WindowPage, ...writeErrors([400, 401, 403]) },
      },
    },
    async (request) => {
      const q = request.query;
      const now = scheduler.now();
      const page = await findWindows({
        store,
        now,
        ...(q.when !== undefined && { when: q.when }),
        ...(q.service !== undefined && { service: q.service }),
        ...(q.after !== undefined && { after: Number(q.after) }),
        ...(q.limit !== undefined && { limit: q.limit }),
      });
      return {
        items: page.items.map((w) => presentWindow(w, now)),
        next: page.next === null ? null : String(page.next),
      };
    },
  );

  app.post<{ Body: Draft }>(
    '/api/v1/maintenance',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'Plan a maintenance window',
        description:
          'One-off (`start`, `end`) or recurring (`recurrence`: DTSTART wall time, zone, duration, RRULE). While an occurrence is going on, its services and what rests on them carry the maintenance flag, and the time is not charged to availability. Refused, with every problem and its path: an end at or before the start, an unknown zone or service, a rule that never ends or fires more often than daily, overlapping occurrences.',
        body: WindowDraftBody,
        response: { 201: WindowSchema, ...writeErrors([400, 401, 403]) },
      },
    },
    async (request, reply) => {
      const window = await planWindow({
        store,
        draft: request.body,
        actor: actorOf(request),
        now: scheduler.now(),
        ...(announce && { announce }),
      });
      await scheduler.refresh();
      return send(reply, window, 201);
    },
  );

  app.post<{ Body: Draft }>(
    '/api/v1/maintenance/preview',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'The impact of a draft window, without storing it',
        description:
          'The same checks as planning; then the services the window would put in maintenance (those it covers and those resting on them by the "would it matter" rule), their customers and providers, and the next occurrences.',
        body: WindowDraftBody,
        response: { 200: ImpactPreviewSchema, ...writeErrors([400, 401, 403]) },
      },
    },
    async (request) => {
      const checked = await checkDraft(store, request.body, scheduler.now());
      return impactOf(checked.services, checked.schedule);
    },
  );

  app.get<{ Params: Static<typeof WindowIdParams> }>(
    '/api/v1/maintenance/:id',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'A maintenance window, with its next occurrences',
        params: WindowIdParams,
        response: { 200: WindowSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request, reply) => send(reply, await getWindow(store, Number(request.params.id))),
  );

  app.put<{ Params: Static<typeof WindowIdParams>; Body: Draft }>(
    '/api/v1/maintenance/:id',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'Change a maintenance window (If-Match)',
        description:
          'Replaces title, description, services and schedule, with the same checks as planning. A change to an occurrence going on takes effect at once.',
        params: WindowIdParams,
        headers: IfMatchHeaders,
        body: WindowDraftBody,
        response: { 200: WindowSchema, ...writeErrors([400, 401, 403, 404, 409, 412, 428]) },
      },
    },
    async (request, reply) => {
      const id = Number(request.params.id);
      const expectVersion = await expectedVersion(id, request.headers['if-match'], 'changing');
      const window = await replanWindow({
        store,
        id,
        draft: request.body,
        actor: actorOf(request),
        now: scheduler.now(),
        expectVersion,
        ...(announce && { announce }),
      });
      await scheduler.refresh();
      return send(reply, window);
    },
  );

  app.post<{ Params: Static<typeof WindowIdParams> }>(
    '/api/v1/maintenance/:id/cancel',
    {
      ...write(),
      schema: {
        tags: TAGS,
        summary: 'Cancel a maintenance window (If-Match)',
        description:
          'An occurrence going on ends now; none to come will start. The window stays listed, as cancelled.',
        params: WindowIdParams,
        headers: IfMatchHeaders,
        response: { 200: WindowSchema, ...writeErrors([400, 401, 403, 404, 409, 412, 428]) },
      },
    },
    async (request, reply) => {
      const id = Number(request.params.id);
      const expectVersion = await expectedVersion(id, request.headers['if-match'], 'cancelling');
      const window = await cancelWindow({
        store,
        id,
        actor: actorOf(request),
        now: scheduler.now(),
        expectVersion,
        ...(announce && { announce }),
      });
      await scheduler.refresh();
      return send(reply, window);
    },
  );

  app.get<{ Params: Static<typeof WindowIdParams> }>(
    '/api/v1/maintenance/:id/impact',
    {
      ...read(),
      schema: {
        tags: TAGS,
        summary: 'The services and customers a window will touch, and its next occurrences',
        description:
          'The services it covers and those resting on them that would carry the maintenance flag by the "would it matter" rule, on the model as it is now, with their customers and providers. A cancelled window has no next occurrences.',
        params: WindowIdParams,
        response: { 200: ImpactPreviewSchema, ...writeErrors([400, 401, 403, 404]) },
      },
    },
    async (request) => {
      const window = await getWindow(store, Number(request.params.id));
      return impactOf(window.services, window.cancelled ? undefined : window.schedule);
    },
  );
}
