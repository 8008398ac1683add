import type { EngineInput } from '../engine/types.js';
import type { StatusLevel } from '../model/levels.js';
import type { AcknowledgementRecord } from '../store/acknowledgement-store.js';
import type { OverrideRecord, RecordedSignal, SignalRecord } from '../store/signal-store.js';
import { IncidentInputs } from './incident-inputs.js';

interface ActiveSignal {
  id: number;
  source: string;
  labels: Readonly<Record<string, string>>;
  services: readonly string[];
  level: StatusLevel;
  summary?: string;
  endsAt: number | null;
}

/** Where a signal belongs now, by its source and labels (the ingest mapper). */
export type Remapper = (signal: { source: string; labels: Readonly<Record<string, string>> }) => {
  services: string[];
  unmatched?: string;
};

/** A stored signal whose services changed with the model. */
export interface Remapped {
  id: number;
  services: string[];
  unmatched?: string;
}

/** The engine's key of a signal: `source/key`, so a transition's cause reads `signal:alertmanager/3f2b…`. */
export function signalInputKey(signal: Pick<SignalRecord, 'source' | 'key'>): string {
  return `${signal.source}/${signal.key}`;
}

/**
 * What the engine has been told from signals, overrides and acknowledgements, kept beside it so
 * that each stored fact becomes the right inputs: a signal that moves to other services clears
 * the ones it left, a resolved or lapsed signal clears all of its own, an expired override or
 * acknowledgement goes. The same
 * stored facts give the same inputs whether they arrive one by one or are read back at start.
 */
export class ActiveInputs {
  private readonly signals = new Map<string, ActiveSignal>();
  private readonly overrides = new Map<string, OverrideRecord>();
  private readonly acknowledgements = new Map<string, AcknowledgementRecord>();
  /** Open incidents' declared impacts, which join the signals until the incident is resolved. */
  readonly incidents = new IncidentInputs();

  get signalCount(): number {
    return this.signals.size;
  }

  /** Inputs for a signal the store has just recorded, with what recording it did. */
  recorded(signal: SignalRecord, recorded: RecordedSignal, now: number): EngineInput[] {
    if (recorded.outcome === 'duplicate' || !recorded.head) return [];
    const key = signalInputKey(signal);
    const before = this.signals.get(key);
    const lapsed = signal.endsAt !== null && signal.endsAt <= now;
    if (signal.state === 'resolved' || lapsed) {
      this.signals.delete(key);
      return before ? clearAll(key, before.services) : [];
    }
    // A resend that moved endsAt later keeps what the first delivery said.
    const content = recorded.stored ?? signal;
    const next: ActiveSignal = {
      id: recorded.id,
      source: signal.source,
      labels: signal.labels,
      services: content.services,
      level: content.level,
      endsAt: signal.endsAt,
      ...(content.summary !== undefined && { summary: content.summary }),
    };
    this.signals.set(key, next);
    const inputs: EngineInput[] = [];
    if (before) {
      for (const service of before.services)
        if (!next.services.includes(service))
          inputs.push({ type: 'signal', service, key, level: null });
    }
    for (const service of next.services) inputs.push(signalInput(service, key, next));
    return inputs;
  }

  /**
   * Maps every active signal again (after a model change): signals whose services changed are
   * returned for the store, with the inputs that move them.
   */
  remap(remapper: Remapper): { inputs: EngineInput[]; changed: Remapped[] } {
    const inputs: EngineInput[] = [];
    const changed: Remapped[] = [];
    for (const [key, signal] of this.signals) {
      const mapping = remapper(signal);
      const same =
        mapping.services.length === signal.services.length &&
        mapping.services.every((service, i) => service === signal.services[i]);
      if (same) continue;
      for (const service of signal.services)
        if (!mapping.services.includes(service))
          inputs.push({ type: 'signal', service, key, level: null });
      const next = { ...signal, services: mapping.services };
      this.signals.set(key, next);
      for (const service of next.services) inputs.push(signalInput(service, key, next));
      changed.push({
        id: signal.id,
        services: mapping.services,
        ...(mapping.unmatched !== undefined && { unmatched: mapping.unmatched }),
      });
    }
    return { inputs, changed };
  }

  /** Inputs for an override set (`record`) or cleared (`cleared` names the service). */
  override(record: OverrideRecord | undefined, cleared?: string): EngineInput[] {
    if (record) {
      this.overrides.set(record.service, record);
      return [overrideInput(record)];
    }
    if (cleared === undefined || !this.overrides.delete(cleared)) return [];
    return [{ type: 'override', service: cleared, level: null }];
  }

  /** Inputs for an acknowledgement given (`record`) or taken back (`cleared` names the service). */
  acknowledgement(record: AcknowledgementRecord | undefined, cleared?: string): EngineInput[] {
    if (record) {
      this.acknowledgements.set(record.service, record);
      return [{ type: 'acknowledge', service: record.service, acknowledged: true }];
    }
    if (cleared === undefined || !this.acknowledgements.delete(cleared)) return [];
    return [{ type: 'acknowledge', service: cleared, acknowledged: false }];
  }

  /** The acknowledgement in force on a service, if any. */
  acknowledgementOf(service: string): AcknowledgementRecord | undefined {
    return this.acknowledgements.get(service);
  }

  /** The services acknowledged now. */
  acknowledgedServices(): IterableIterator<string> {
    return this.acknowledgements.keys();
  }

  /**
   * Inputs that take back every signal past its endsAt, override and acknowledgement past its
   * expiry at `now`.
   */
  expire(now: number): EngineInput[] {
    const inputs: EngineInput[] = [];
    for (const [key, signal] of this.signals) {
      if (signal.endsAt === null || signal.endsAt > now) continue;
      this.signals.delete(key);
      inputs.push(...clearAll(key, signal.services));
    }
    for (const [service, record] of this.overrides) {
      if (record.expiresAt === null || record.expiresAt > now) continue;
      this.overrides.delete(service);
      inputs.push({ type: 'override', service, level: null });
    }
    for (const [service, record] of this.acknowledgements) {
      if (record.expiresAt === null || record.expiresAt > now) continue;
      this.acknowledgements.delete(service);
      inputs.push({ type: 'acknowledge', service, acknowledged: false });
    }
    return inputs;
  }

  /** Every input that describes what is active now: to tell a rebuilt engine everything again. */
  all(): EngineInput[] {
    const inputs: EngineInput[] = [];
    for (const [key, signal] of this.signals)
      for (const service of signal.services) inputs.push(signalInput(service, key, signal));
    for (const record of this.overrides.values()) inputs.push(overrideInput(record));
    for (const service of this.acknowledgements.keys())
      inputs.push({ type: 'acknowledge', service, acknowledged: true });
    inputs.push(...this.incidents.all());
    return inputs;
  }
}

function signalInput(service: string, key: string, signal: ActiveSignal): EngineInput {
  return {
    type: 'signal',
    service,
    key,
    level: signal.level,
    ...(signal.summary !== undefined && { summary: signal.summary }),
  };
}

function overrideInput(record: OverrideRecord): EngineInput {
  return {
    type: 'override',
    service: record.service,
    level: record.level,
    author: record.author,
    reason: record.reason,
  };
}

function clearAll(key: string, services: readonly string[]): EngineInput[] {
  return services.map((service) => ({ type: 'signal', service, key, level: null }));
}
