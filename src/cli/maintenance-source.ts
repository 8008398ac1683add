import { windowTag } from '../api/maintenance/routes.js';
import { maintenanceReach } from '../maintenance/impact.js';
import { MAINTENANCE_LIMITS } from '../maintenance/limits.js';
import { nextOccurrences } from '../maintenance/occurrences.js';
import { type PresentedWindow, presentOccurrence, presentWindow } from '../maintenance/present.js';
import type { WindowSchedule } from '../maintenance/types.js';
import type { WindowDraft } from '../maintenance/validate.js';
import {
  cancelWindow,
  checkDraft,
  findWindows,
  getWindow,
  planWindow,
  type WindowWhen,
} from '../maintenance/windows.js';
import { InputError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import { cliActor } from './commands/model-commands.js';
import { dataDirFrom, openDataStore } from './data-store.js';
import { RemoteClient } from './remote.js';

/** The impact of a window as the API shows it. */
export interface ShownImpact {
  services: { service: string; covered: boolean }[];
  parties: { party: string; kind: string; relation: 'customer' | 'provider'; services: string[] }[];
  next: { start: string; end: string }[];
}

export interface WindowListQuery {
  when?: WindowWhen;
  service?: string;
}

/**
 * What the maintenance commands ask, of a data folder or a server alike. A window planned in a
 * data folder reaches a server running on it within its watch interval (it looks for window
 * changes in the audit log).
 */
export interface MaintenanceSource {
  list(query: WindowListQuery): Promise<PresentedWindow[]>;
  show(id: number): Promise<PresentedWindow>;
  schedule(draft: WindowDraft): Promise<PresentedWindow>;
  cancel(id: number): Promise<PresentedWindow>;
  impact(id: number): Promise<ShownImpact>;
  preview(draft: WindowDraft): Promise<ShownImpact>;
}

/** `--server` (or SERVICECHAIN_SERVER) for a server, else the data folder; both is a mistake. */
export async function maintenanceSource(
  options: { data?: string; server?: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<MaintenanceSource> {
  if (options.server !== undefined && options.data !== undefined)
    throw new InputError('--server and --data do not go together: choose one place to ask');
  const server =
    options.server ?? (options.data === undefined ? env.SERVICECHAIN_SERVER : undefined);
  if (server) return remoteMaintenance(await RemoteClient.connect(server, env));
  return localMaintenance(options.data);
}

/** The store in a data folder, through the same use cases as the server, as the CLI's user. */
export function localMaintenance(
  data: string | undefined,
  clock: () => number = Date.now,
): MaintenanceSource {
  const withStore = async <T>(use: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openDataStore(dataDirFrom(data));
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  };
  const actor = { id: cliActor() };
  const impact = async (store: Store, services: readonly string[], schedule?: WindowSchedule) => {
    const compact = await store.loadCompactModel();
    const known = new Set(compact.serviceIds);
    return {
      ...maintenanceReach(
        compact,
        services.filter((s) => known.has(s)),
      ),
      next: schedule
        ? nextOccurrences(schedule, clock(), MAINTENANCE_LIMITS.nextOccurrences).map(
            presentOccurrence,
          )
        : [],
    };
  };
  return {
    list: (query) =>
      withStore(async (store) => {
        const items: PresentedWindow[] = [];
        let after: number | null = 0;
        while (after !== null) {
          const page = await findWindows({ store, now: clock(), ...query, after });
          items.push(...page.items.map((w) => presentWindow(w, clock())));
          after = page.next;
        }
        return items;
      }),
    show: (id) => withStore(async (store) => presentWindow(await getWindow(store, id), clock())),
    schedule: (draft) =>
      withStore(async (store) =>
        presentWindow(await planWindow({ store, draft, actor, now: clock() }), clock()),
      ),
    cancel: (id) =>
      withStore(async (store) =>
        presentWindow(await cancelWindow({ store, id, actor, now: clock() }), clock()),
      ),
    impact: (id) =>
      withStore(async (store) => {
        const window = await getWindow(store, id);
        return impact(store, window.services, window.cancelled ? undefined : window.schedule);
      }),
    preview: (draft) =>
      withStore(async (store) => {
        const checked = await checkDraft(store, draft, clock());
        return impact(store, checked.services, checked.schedule);
      }),
  };
}

/** A server's API (docs/maintenance.md lists the calls). */
export function remoteMaintenance(client: RemoteClient): MaintenanceSource {
  const path = (id: number) => `/api/v1/maintenance/${id}`;
  return {
    list: async (query) => {
      const items: PresentedWindow[] = [];
      let after: string | null = null;
      do {
        const page: { items: PresentedWindow[]; next: string | null } = await client.get(
          '/api/v1/maintenance',
          { when: query.when, service: query.service, after: after ?? undefined },
        );
        items.push(...page.items);
        after = page.next;
      } while (after !== null);
      return items;
    },
    show: (id) => client.get(path(id)),
    schedule: (draft) => client.post('/api/v1/maintenance', draft),
    cancel: async (id) => {
      // The CLI cancels what is stored now: it sends the version it has just read.
      const current = await client.get<PresentedWindow>(path(id));
      const tag = windowTag({ version: current.version, createdAt: Date.parse(current.createdAt) });
      return client.send('POST', `${path(id)}/cancel`, undefined, { 'if-match': tag });
    },
    impact: (id) => client.get(`${path(id)}/impact`),
    preview: (draft) => client.post('/api/v1/maintenance/preview', draft),
  };
}
