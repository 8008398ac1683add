import type { ServiceState } from '../engine/types.js';
import type { Service } from '../model/entities.js';
import type { StatusLevel } from '../model/levels.js';
import type {
  HistoricState,
  StateChange,
  StatusChange,
  StatusChangeQuery,
} from '../store/history-store.js';
import { buildService as buildStoredService } from '../store/test-model.js';
import type { HistoryReader } from './history-reader.js';

/** A change as tests write it: `['db', '2026-10-05T10:00Z', 'major_outage']`, `true` for maintenance. */
export type ChangeSpec = [service: string, at: string, level: StatusLevel, maintenance?: boolean];

/**
 * The history as a list, for tests of availability before and apart from a store: the changes
 * in the order given are the order recorded (ids 1, 2, …); queries answer as HistoryStore says.
 */
export class MemoryHistory implements HistoryReader {
  readonly changes: StatusChange[] = [];

  static of(specs: readonly ChangeSpec[]): MemoryHistory {
    const history = new MemoryHistory();
    for (const [service, at, level, maintenance = false] of specs)
      history.record(service, Date.parse(at), { level, maintenance, acknowledged: false });
    return history;
  }

  record(service: string, at: number, to: ServiceState): void {
    const from = this.latest(service, Number.POSITIVE_INFINITY)?.to ?? {
      level: 'operational',
      maintenance: false,
      acknowledged: false,
    };
    this.changes.push({ id: this.changes.length + 1, service, at, from, to, cause: 'test' });
  }

  async listStatusChanges(query: StatusChangeQuery): Promise<StatusChange[]> {
    const services = query.services ? new Set(query.services) : undefined;
    const limit = query.limit ?? 1000;
    return this.ordered()
      .filter(
        (c) =>
          c.at >= query.from &&
          c.at < query.to &&
          (!services || services.has(c.service)) &&
          (query.after === undefined || c.id > query.after),
      )
      .slice(0, limit);
  }

  async listStateChanges(
    from: number,
    to: number,
    services?: readonly string[],
  ): Promise<StateChange[]> {
    const all = await this.listStatusChanges({
      from,
      to,
      ...(services && { services }),
      limit: Number.MAX_SAFE_INTEGER,
    });
    return all.map((c) => ({
      service: c.service,
      at: c.at,
      level: c.to.level,
      maintenance: c.to.maintenance,
    }));
  }

  async stateAt(at: number, services?: readonly string[]): Promise<HistoricState[]> {
    const names = services ?? [...new Set(this.changes.map((c) => c.service))];
    const states: HistoricState[] = [];
    for (const service of new Set(names)) {
      const last = this.latest(service, at);
      if (last && (last.to.level !== 'operational' || last.to.maintenance || last.to.acknowledged))
        states.push({ service, since: last.at, ...last.to });
    }
    return states;
  }

  private ordered(): StatusChange[] {
    return [...this.changes].sort((a, b) => a.at - b.at || a.id - b.id);
  }

  private latest(service: string, at: number): StatusChange | undefined {
    return this.ordered()
      .filter((c) => c.service === service && c.at <= at)
      .pop();
  }
}

/** A service named after its id in capitals, as the availability tests expect. */
export function buildService(id: string, overrides: Partial<Service> = {}): Service {
  return buildStoredService({ id, name: id.toUpperCase(), ...overrides });
}
