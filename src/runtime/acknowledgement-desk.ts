import type { EngineInput, Transition } from '../engine/types.js';
import { ConflictError, InputError, NotFoundError, type Problem } from '../model/errors.js';
import type { AcknowledgementRecord } from '../store/acknowledgement-store.js';
import type { Store } from '../store/store.js';
import type { ActiveInputs } from './active-inputs.js';
import type { StatusRuntime } from './status-runtime.js';

/** The longest note an acknowledgement takes (the API's schema says the same). */
export const ACKNOWLEDGEMENT_NOTE_MAX = 1000;

/** Who clears an acknowledgement when its service recovers, or leaves the model. */
export const RECOVERED_ACTOR = 'system:recovered';
export const MODEL_ACTOR = 'system:model';

/**
 * The engine's stored inputs (the ingest pipeline): told of every acknowledgement written, so
 * a catch-up redoes it and other instances catch up.
 */
export interface AcknowledgementInputs {
  storedHere(step: (active: ActiveInputs) => EngineInput[], announce?: boolean): void;
  readonly acknowledgements: Pick<ActiveInputs, 'acknowledgementOf' | 'acknowledgedServices'>;
}

export interface AcknowledgeRequest {
  service: string;
  /** Absent or blank for none. */
  note?: string;
  /** ms since the epoch; null for no expiry. */
  expiresAt: number | null;
  author: string;
}

export interface AcknowledgementDeskDeps {
  store: Store;
  runtime: StatusRuntime;
  inputs: AcknowledgementInputs;
  clock?: () => number;
  /** Hears failures that reach no caller (clearing on recovery). */
  onError?: (error: unknown) => void;
}

/**
 * Acknowledging a service's trouble and taking it back (the API's use cases), and clearing an
 * acknowledgement when its service returns to operational or leaves the model: an
 * acknowledgement is about the trouble at hand, so the next trouble starts unacknowledged.
 */
export class AcknowledgementDesk {
  private readonly clock: () => number;
  private stopped = false;

  constructor(private readonly deps: AcknowledgementDeskDeps) {
    this.clock = deps.clock ?? Date.now;
    deps.runtime.onTransitions((transitions) => this.transitioned(transitions));
    deps.runtime.onModelChanged(() => this.sweep());
  }

  /**
   * Clears what the store holds for services operational now or gone from the model (the
   * server may have stopped between a recovery and its clearing). Call once at start.
   */
  sweep(): void {
    for (const service of [...this.deps.inputs.acknowledgements.acknowledgedServices()]) {
      const by = this.clearerOf(service);
      if (by !== undefined) this.clearLater(service, by);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /** The desk's clock: what "now" is for an acknowledgement's expiry. */
  now(): number {
    return this.clock();
  }

  /** The acknowledgement in force on a service, if any. */
  current(service: string): AcknowledgementRecord | undefined {
    return this.deps.inputs.acknowledgements.acknowledgementOf(service);
  }

  /**
   * InputError for a bad note or an expiry not in the future, NotFoundError for an unknown
   * service, ConflictError when the service is operational (there is nothing to acknowledge).
   * Answers the acknowledgement cleared when the service recovered (or left the model) while it
   * was being stored.
   */
  async acknowledge(request: AcknowledgeRequest): Promise<AcknowledgementRecord> {
    const now = this.clock();
    const note = typeof request.note === 'string' ? request.note.trim() : '';
    const problems: Problem[] = [];
    if (request.note !== undefined && typeof request.note !== 'string')
      problems.push({ path: 'note', message: 'must be text' });
    else if (note.length > ACKNOWLEDGEMENT_NOTE_MAX)
      problems.push({ path: 'note', message: `is longer than ${ACKNOWLEDGEMENT_NOTE_MAX}` });
    // PostgreSQL cannot store NUL in text: refused here, as ingest refuses it, not a 500 there.
    else if (note.includes('\u0000'))
      problems.push({ path: 'note', message: 'contains a NUL character (U+0000)' });
    if (request.expiresAt !== null && !(request.expiresAt > now))
      problems.push({ path: 'until', message: 'is not in the future' });
    if (problems.length > 0) {
      const first = problems[0] as Problem;
      throw new InputError(`${first.path}: ${first.message}`, problems);
    }
    const { engine } = this.deps.runtime;
    if (!engine.has(request.service)) throw new NotFoundError(`no service '${request.service}'`);
    if (engine.status(request.service).level === 'operational')
      throw new ConflictError(
        `service '${request.service}' is operational: there is no trouble to acknowledge`,
      );
    const record = await this.deps.store.setAcknowledgement({
      service: request.service,
      author: request.author,
      note,
      createdAt: now,
      expiresAt: request.expiresAt,
    });
    // A recovery during the write found nothing to clear: cleared here, as it would have been.
    const by = this.clearerOf(request.service);
    if (by === undefined) {
      this.deps.inputs.storedHere((active) => active.acknowledgement(record));
      return record;
    }
    const at = this.clock();
    const cleared = await this.deps.store.clearAcknowledgement(request.service, by, at);
    this.deps.inputs.storedHere(
      (active) => active.acknowledgement(undefined, request.service),
      cleared !== undefined,
    );
    // None cleared: the recovery's own clearing (of the one replaced) reached this one first.
    return cleared ?? { ...record, clearedAt: at, clearedBy: by };
  }

  /** NotFoundError for an unknown service, or one with no acknowledgement in force. */
  async unacknowledge(service: string, by: string): Promise<AcknowledgementRecord> {
    if (!this.deps.runtime.engine.has(service)) throw new NotFoundError(`no service '${service}'`);
    const cleared = await this.deps.store.clearAcknowledgement(service, by, this.clock());
    if (!cleared) throw new NotFoundError(`service '${service}' has no acknowledgement in force`);
    this.deps.inputs.storedHere((active) => active.acknowledgement(undefined, service));
    return cleared;
  }

  /** Who clears a service's acknowledgement now: none while it is in the model and in trouble. */
  private clearerOf(service: string): string | undefined {
    const { engine } = this.deps.runtime;
    if (!engine.has(service)) return MODEL_ACTOR;
    return engine.status(service).level === 'operational' ? RECOVERED_ACTOR : undefined;
  }

  private transitioned(transitions: readonly Transition[]): void {
    const { acknowledgements } = this.deps.inputs;
    for (const t of transitions)
      if (
        t.to.level === 'operational' &&
        t.from.level !== 'operational' &&
        acknowledgements.acknowledgementOf(t.service)
      )
        this.clearLater(t.service, RECOVERED_ACTOR);
  }

  /**
   * Clears in the store, then in the engine: after the propagation that called a listener, not
   * inside it. Every instance sees the recovery; the one whose clearing finds the row announces
   * it, the others only drop it from their own engine.
   */
  private clearLater(service: string, by: string): void {
    queueMicrotask(async () => {
      if (this.stopped) return;
      try {
        const cleared = await this.deps.store.clearAcknowledgement(service, by, this.clock());
        if (this.stopped) return;
        this.deps.inputs.storedHere(
          (active) => active.acknowledgement(undefined, service),
          cleared !== undefined,
        );
      } catch (error) {
        this.deps.onError?.(error);
      }
    });
  }
}
