import { presentStatus } from '../api/status/routes.js';
import { planSources } from '../as-code/model-files.js';
import type { StatusEngine } from '../engine/index.js';
import type { Explanation, ImpactReport, ServiceStatus, WhatIfReport } from '../engine/types.js';
import { emptyModel, type Model } from '../model/entities.js';
import { formatProblem, InputError } from '../model/errors.js';
import type { StatusLevel } from '../model/levels.js';
import { engineWithStoredInputs } from '../runtime/stored-inputs.js';
import { dataDirFrom, openDataStore } from './data-store.js';
import { type HistorySource, remoteHistory, storeHistory } from './history-source.js';
import { RemoteClient, RemoteError } from './remote.js';

/** A status as `status --json` prints it (the API's shape). */
export interface ShownStatus {
  service: string;
  level: StatusLevel;
  maintenance: boolean;
  acknowledged: boolean;
  /** Who acknowledged the service itself, if anyone (now only: the history keeps no names). */
  acknowledgement?: {
    author: string;
    note: string;
    createdAt: string;
    expiresAt: string | null;
  } | null;
  since: string | null;
}

/**
 * What the query commands (status, explain, impact, what-if, show, export) ask, answered from a
 * local data folder or a remote server alike, so each command is written once.
 */
export interface QuerySource {
  statuses(): Promise<ShownStatus[]>;
  status(id: string): Promise<ShownStatus>;
  explain(id: string): Promise<Explanation>;
  impact(id: string, level: StatusLevel): Promise<ImpactReport>;
  whatIf(down: readonly string[], level: StatusLevel): Promise<WhatIfReport>;
  /** The whole model (for show and export). */
  model(): Promise<Model>;
  /** The status history (for status --at and timeline). */
  history: HistorySource;
}

/** The options every query command takes for where to ask. */
export interface SourceOptions {
  data?: string;
  server?: string;
}

export const SERVER_OPTION = [
  '--server <url>',
  'ask this Servicechain server instead of a data folder (env SERVICECHAIN_SERVER; token from SERVICECHAIN_TOKEN or the config file)',
] as const;

/**
 * The one place a query command picks where to ask: `--server` (or SERVICECHAIN_SERVER) for a
 * remote server, else the data folder (`--data`, SERVICECHAIN_DATA, ./data). Both at once is
 * a usage mistake.
 */
export async function querySource(
  options: SourceOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<QuerySource> {
  if (options.server !== undefined && options.data !== undefined)
    throw new InputError('--server and --data do not go together: choose one place to ask');
  const server =
    options.server ?? (options.data === undefined ? env.SERVICECHAIN_SERVER : undefined);
  if (server) return remoteSource(await RemoteClient.connect(server, env));
  return localSource(options.data);
}

/** Answers from the store in a data folder, with an engine built for each question. */
export function localSource(data: string | undefined): QuerySource {
  const withStore = async <T>(
    use: (store: Awaited<ReturnType<typeof openDataStore>>) => Promise<T>,
  ) => {
    const store = await openDataStore(dataDirFrom(data));
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  };
  const engine = (): Promise<StatusEngine> => withStore((store) => engineWithStoredInputs(store));
  // Statuses say who acknowledged a service, as the server's do.
  const shown = (read: (engine: StatusEngine) => ServiceStatus[]) =>
    withStore(async (store) => {
      const now = Date.now();
      const engine = await engineWithStoredInputs(store, now);
      const acknowledgements = await store.listActiveAcknowledgements(now);
      // The store may hold the acknowledgement of a service that recovered while no server
      // ran; the engine does not follow it (engineWithStoredInputs), and it is not named.
      const byService = new Map(acknowledgements.map((a) => [a.service, a]));
      return read(engine).map((status) =>
        presentStatus(status, status.acknowledged ? byService.get(status.service) : undefined),
      );
    });
  return {
    statuses: () => shown((engine) => [...engine.statuses()]),
    status: async (id) => (await shown((engine) => [engine.status(id)]))[0] as ShownStatus,
    explain: async (id) => (await engine()).explain(id),
    impact: async (id, level) => (await engine()).impact(id, level),
    whatIf: async (down, level) => (await engine()).whatIf(overrides(down, level)),
    model: () => withStore((store) => store.loadModel()),
    history: storeHistory(withStore),
  };
}

/** Answers from a server's API (docs/operations.md lists the calls). */
export function remoteSource(client: RemoteClient): QuerySource {
  const service = (id: string) => `/api/v1/services/${encodeURIComponent(id)}`;
  return {
    statuses: async () => (await client.get<{ items: ShownStatus[] }>('/api/v1/status')).items,
    status: (id) => client.get<ShownStatus>(`${service(id)}/status`),
    explain: (id) => client.get<Explanation>(`${service(id)}/explain`),
    impact: async (id, level) => {
      // The route answers services and parties a page at a time; the CLI shows them all.
      type Page = ImpactReport & { next: number | null };
      const path = `${service(id)}/impact`;
      const first = await client.get<Page>(path, { level, limit: '10000' });
      const { services, parties } = first;
      for (let next = first.next; next !== null; ) {
        const page = await client.get<Page>(path, { level, limit: '10000', offset: String(next) });
        services.push(...page.services);
        parties.push(...page.parties);
        next = page.next;
      }
      return {
        service: first.service,
        level: first.level,
        services,
        parties,
        costPerHour: first.costPerHour,
      };
    },
    whatIf: (down, level) => client.post<WhatIfReport>('/api/v1/what-if', { down, level }),
    model: async () =>
      modelFromYaml(await client.getText('/api/v1/model/export', 'application/yaml')),
    history: remoteHistory(client),
  };
}

/** The model a server exported as YAML documents. */
export function modelFromYaml(text: string): Model {
  const outcome = planSources([{ file: 'export', text }], emptyModel(), { prune: true });
  if (!outcome.ok)
    throw new RemoteError(
      `the server's export does not read back: ${outcome.problems.slice(0, 3).map(formatProblem).join('; ')}`,
    );
  return outcome.value.declared;
}

function overrides(down: readonly string[], level: StatusLevel) {
  return down.map((service) => ({ type: 'override' as const, service, level, reason: 'what-if' }));
}
