import { incidentTag, presentIncident, presentIncidentSummary } from '../api/incidents/present.js';
import type { IncidentDraft, IncidentFieldChange, UpdateRequest } from '../incidents/validate.js';
import { InputError } from '../model/errors.js';
import { IncidentDesk } from '../runtime/incident-desk.js';
import { engineWithStoredInputs } from '../runtime/stored-inputs.js';
import type { IncidentQuery } from '../store/incident-store.js';
import { cliActor } from './commands/model-commands.js';
import { dataDirFrom, openDataStore } from './data-store.js';
import { RemoteClient } from './remote.js';

/** An incident as the API shows it (and `incident show --json` prints). */
export type ShownIncident = ReturnType<typeof presentIncident>;
export type ShownIncidentSummary = ReturnType<typeof presentIncidentSummary>;

/**
 * What the incident commands ask, of a data folder or a server alike. Writes to a data folder
 * reach a server running on it within its watch interval (it looks for incident changes).
 */
export interface IncidentSource {
  list(query: IncidentQuery): Promise<{ items: ShownIncidentSummary[]; nextBefore: string | null }>;
  show(id: number): Promise<ShownIncident>;
  open(draft: IncidentDraft): Promise<ShownIncident>;
  change(id: number, change: IncidentFieldChange): Promise<ShownIncident>;
  addUpdate(id: number, request: UpdateRequest): Promise<ShownIncident>;
  resolve(id: number, message: string): Promise<ShownIncident>;
}

/** `--server` (or SERVICECHAIN_SERVER) for a server, else the data folder; both is a mistake. */
export async function incidentSource(
  options: { data?: string; server?: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<IncidentSource> {
  if (options.server !== undefined && options.data !== undefined)
    throw new InputError('--server and --data do not go together: choose one place to ask');
  const server =
    options.server ?? (options.data === undefined ? env.SERVICECHAIN_SERVER : undefined);
  if (server) return remoteIncidents(await RemoteClient.connect(server, env));
  return localIncidents(options.data);
}

/** The store in a data folder, through the same use cases as the server, as the CLI's user. */
export function localIncidents(data: string | undefined): IncidentSource {
  const withDesk = async <T>(use: (desk: IncidentDesk) => Promise<T>): Promise<T> => {
    const store = await openDataStore(dataDirFrom(data));
    try {
      return await use(new IncidentDesk({ store, engine: () => engineWithStoredInputs(store) }));
    } finally {
      await store.close();
    }
  };
  const actor = { id: cliActor() };
  return {
    list: (query) =>
      withDesk(async (desk) => {
        const limit = query.limit ?? 50;
        const found = await desk.list({ ...query, limit: Math.min(limit + 1, 500) });
        const page = found.slice(0, limit);
        return {
          items: page.map(presentIncidentSummary),
          nextBefore: found.length > limit ? String(page.at(-1)?.id) : null,
        };
      }),
    show: (id) => withDesk(async (desk) => presentIncident(await desk.get(id))),
    open: (draft) => withDesk(async (desk) => presentIncident(await desk.open(draft, actor))),
    change: (id, change) =>
      withDesk(async (desk) => presentIncident(await desk.change(id, change, actor))),
    addUpdate: (id, request) =>
      withDesk(async (desk) => presentIncident(await desk.addUpdate(id, request, actor))),
    resolve: (id, message) =>
      withDesk(async (desk) => presentIncident(await desk.resolve(id, message, actor))),
  };
}

/** A server's API (docs/incidents.md lists the calls). */
export function remoteIncidents(client: RemoteClient): IncidentSource {
  const path = (id: number) => `/api/v1/incidents/${id}`;
  return {
    list: (query) =>
      client.get('/api/v1/incidents', {
        state: query.state,
        service: query.service,
        visibility: query.visibility,
        before: query.before === undefined ? undefined : String(query.before),
        limit: query.limit === undefined ? undefined : String(query.limit),
      }),
    show: (id) => client.get(path(id)),
    open: (draft) => client.post('/api/v1/incidents', draft),
    change: async (id, change) => {
      // The CLI changes what is stored now: it sends the version it has just read.
      const current = await client.get<ShownIncident>(path(id));
      const tag = incidentTag({
        version: current.version,
        createdAt: Date.parse(current.createdAt),
      });
      return client.send('PATCH', path(id), change, { 'if-match': tag });
    },
    addUpdate: (id, request) => client.post(`${path(id)}/updates`, request),
    resolve: (id, message) => client.post(`${path(id)}/resolve`, { message }),
  };
}
