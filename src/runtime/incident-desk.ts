import type { StatusEngine } from '../engine/index.js';
import {
  addUpdate,
  changeFields,
  openIncident,
  resolveIncident,
  setPostmortem,
} from '../incidents/lifecycle.js';
import { INCIDENT_LIMITS } from '../incidents/limits.js';
import type { AffectedService, Incident, IncidentSummary, RootCause } from '../incidents/types.js';
import {
  type IncidentDraft,
  type IncidentFieldChange,
  type UpdateRequest,
  validateDraft,
  validateFieldChange,
  validatePostmortem,
  validateUpdateRequest,
} from '../incidents/validate.js';
import { InputError, NotFoundError, type Problem, type Result } from '../model/errors.js';
import type { NotifyEvent } from '../notify/events.js';
import { incidentEvent } from '../notify/notices.js';
import type { IncidentQuery } from '../store/incident-store.js';
import type { Actor, Store } from '../store/store.js';

export interface IncidentDeskDeps {
  store: Store;
  /** The engine whose explain() trees become an incident's root cause when it is opened. */
  engine: () => StatusEngine | Promise<StatusEngine>;
  /** Told after every write, so the engine follows open incidents (the server's pipeline). */
  afterWrite?: () => Promise<void>;
  clock?: () => number;
  /**
   * Told of news for subscribers: an incident opened, and every update posted (resolving and
   * reopening included); changed fields and postmortems are not news. Resolves once it is queued.
   */
  announce?: (event: NotifyEvent) => Promise<void>;
}

/**
 * The incident use cases, the same for the API and the CLI on a data folder: validate, check
 * that named services and signals exist, capture the root cause, write through the store (one
 * transaction each), then let the engine catch up. `expectVersion` makes a write conditional
 * (a ConflictError when the stored version differs).
 */
export class IncidentDesk {
  private readonly clock: () => number;

  constructor(private readonly deps: IncidentDeskDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async open(draft: IncidentDraft, actor: Actor): Promise<Incident> {
    const valid = orRefuse(validateDraft(draft));
    await this.assertExists(valid.services, [], valid.signals);
    const rootCause = await this.rootCause(valid.services);
    const incident = await this.deps.store.createIncident(
      openIncident(valid, { author: actor.id, at: this.clock() }, rootCause),
      actor,
    );
    await this.deps.afterWrite?.();
    await this.deps.announce?.(incidentEvent(incident));
    return incident;
  }

  async change(
    id: number,
    change: IncidentFieldChange,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Incident> {
    const valid = orRefuse(validateFieldChange(change));
    const current = await this.get(id);
    await this.assertExists(valid.services ?? [], current.services, valid.signals ?? []);
    return this.write(id, (c) => changeFields(c, valid, this.clock()), actor, expectVersion);
  }

  addUpdate(
    id: number,
    request: UpdateRequest,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Incident> {
    const valid = orRefuse(validateUpdateRequest(request));
    const stamp = { author: actor.id, at: this.clock() };
    return this.post(id, (c) => addUpdate(c, valid, stamp), actor, expectVersion);
  }

  resolve(id: number, message: string, actor: Actor, expectVersion?: number): Promise<Incident> {
    const valid = orRefuse(validateUpdateRequest({ message }));
    const stamp = { author: actor.id, at: this.clock() };
    return this.post(id, (c) => resolveIncident(c, valid.message, stamp), actor, expectVersion);
  }

  writePostmortem(
    id: number,
    text: string,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Incident> {
    const postmortem = orRefuse(validatePostmortem(text));
    return this.write(id, (c) => setPostmortem(c, postmortem, this.clock()), actor, expectVersion);
  }

  async get(id: number): Promise<Incident> {
    const incident = await this.deps.store.getIncident(id);
    if (!incident) throw new NotFoundError(`no incident ${id}`);
    return incident;
  }

  list(query: IncidentQuery): Promise<IncidentSummary[]> {
    return this.deps.store.listIncidents(query);
  }

  /** A write that appends an update: news for subscribers. */
  private async post(
    id: number,
    change: (current: Incident) => Incident,
    actor: Actor,
    expectVersion: number | undefined,
  ): Promise<Incident> {
    const incident = await this.write(id, change, actor, expectVersion);
    await this.deps.announce?.(incidentEvent(incident));
    return incident;
  }

  private async write(
    id: number,
    change: (current: Incident) => Incident,
    actor: Actor,
    expectVersion: number | undefined,
  ): Promise<Incident> {
    const incident = await this.deps.store.updateIncident(id, change, actor, expectVersion);
    await this.deps.afterWrite?.();
    return incident;
  }

  /**
   * Every named service must exist, except those the incident names already (a service deleted
   * since stays on the record); every linked signal must be stored.
   */
  private async assertExists(
    services: readonly AffectedService[],
    kept: readonly AffectedService[],
    signals: readonly number[],
  ): Promise<void> {
    const problems: Problem[] = [];
    for (const [i, affected] of services.entries()) {
      if (kept.some((k) => k.service === affected.service)) continue;
      if (!(await this.deps.store.getService(affected.service)))
        problems.push({
          path: `services[${i}].service`,
          message: `no service '${affected.service}'`,
        });
    }
    const missing = new Set(await this.deps.store.missingSignals(signals));
    for (const [i, id] of signals.entries())
      if (missing.has(id)) problems.push({ path: `signals[${i}]`, message: `no signal ${id}` });
    if (problems.length > 0) throw refusal(problems);
  }

  /** The explain() tree of each affected service, as bounded as INCIDENT_LIMITS says. */
  private async rootCause(services: readonly AffectedService[]): Promise<RootCause[]> {
    if (services.length === 0) return [];
    const engine = await this.deps.engine();
    const known = new Set(engine.compact.serviceIds);
    return services
      .filter((affected) => known.has(affected.service))
      .map((affected) => ({
        service: affected.service,
        explanation: engine.explain(affected.service, {
          maxServices: INCIDENT_LIMITS.rootCauseServicesMax,
          maxDepth: INCIDENT_LIMITS.rootCauseDepthMax,
        }),
      }));
  }
}

function orRefuse<T>(result: Result<T>): T {
  if (!result.ok) throw refusal(result.problems);
  return result.value;
}

/** One InputError naming the first problem and counting the rest; `details` lists them all. */
function refusal(problems: readonly Problem[]): InputError {
  const first = problems[0] as Problem;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  return new InputError(`${first.path ? `${first.path}: ` : ''}${first.message}${more}`, problems);
}
