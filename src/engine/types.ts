import type { Model, PartyKind } from '../model/entities.js';
import type { StatusLevel } from '../model/levels.js';

/**
 * What the engine is told. Inputs are facts about one service; the engine keeps them and derives
 * every effective status from them. Expiry of overrides and end of windows are decided outside
 * (by whoever holds a clock) and arrive as inputs, so the engine stays deterministic.
 */
export type EngineInput =
  /** A monitoring signal for the service: `level: null` clears it. `key` identifies it within the service. */
  | { type: 'signal'; service: string; key: string; level: StatusLevel | null; summary?: string }
  /** A manual status that replaces the signals' worst; `level: null` removes it. */
  | {
      type: 'override';
      service: string;
      level: StatusLevel | null;
      author?: string;
      reason?: string;
    }
  /** A maintenance window (`key`) covering the service starts (`active: true`) or ends. */
  | { type: 'maintenance'; service: string; key: string; active: boolean }
  /** Someone has acknowledged the service's trouble, or takes that back. */
  | { type: 'acknowledge'; service: string; acknowledged: boolean };

/** An input without its service: what the input says, whichever way its service is named. */
export type InputFields = EngineInput extends infer I
  ? I extends EngineInput
    ? Omit<I, 'service'>
    : never
  : never;

/**
 * An input whose service is given by its position in CompactModel.serviceIds (see
 * StatusEngine.positionOf), for callers that map ids once and then skip the lookup per input.
 */
export type InputAt = InputFields & { service: number };

export interface ServiceState {
  level: StatusLevel;
  maintenance: boolean;
  acknowledged: boolean;
}

export interface ServiceStatus extends ServiceState {
  service: string;
  /** The service's own level: the worst of its signals, or its override. */
  own: StatusLevel;
  /** When the effective level last changed (ms since epoch), or undefined if never. */
  since?: number;
}

/** One effective change, with what caused it. */
export interface Transition {
  service: string;
  from: ServiceState;
  to: ServiceState;
  at: number;
  /** The input or the dependency that made the change, e.g. `signal:alertmanager/abc` or `dependency:db01`. */
  cause: string;
}

/** Why a service has its level: its own inputs and the dependencies that contributed. */
export interface Explanation {
  service: string;
  level: StatusLevel;
  maintenance: boolean;
  /** The service's own inputs that are not operational. */
  signals: { key: string; level: StatusLevel; summary?: string }[];
  override?: { level: StatusLevel; author?: string; reason?: string };
  maintenanceWindows: string[];
  /** Dependencies whose contribution is not operational, each explained in turn. */
  causes: { via: { impact: string; contributed: StatusLevel }; explanation: Explanation }[];
  /** Whether the service counts as acknowledged (docs/status-rules.md says when). */
  acknowledged?: boolean;
  /** Set when this service is explained in full elsewhere in the same tree; `causes` is empty. */
  repeated?: true;
  /** Set when the tree was cut here (too deep or too large); `causes` is empty. */
  truncated?: true;
}

export interface ImpactedService {
  service: string;
  /** Hops from the failing service (1 = a direct consumer). */
  hop: number;
  from: StatusLevel;
  to: StatusLevel;
}

export interface ImpactedParty {
  party: string;
  kind: PartyKind;
  /** The affected services the party consumes or provides. */
  services: string[];
  relation: 'customer' | 'provider';
}

export interface ImpactReport {
  service: string;
  level: StatusLevel;
  services: ImpactedService[];
  parties: ImpactedParty[];
  /** Summed costPerHour of the affected services that would reach major_outage. */
  costPerHour: number;
}

export interface WhatIfReport {
  changes: { service: string; from: StatusLevel; to: StatusLevel }[];
  parties: { party: string; kind: PartyKind; services: string[] }[];
}

export interface Engine {
  /** Applies a batch of inputs together; returns the effective transitions, in a stable order. */
  apply(inputs: readonly EngineInput[], at: number): Transition[];
  status(service: string): ServiceStatus;
  statuses(): Iterable<ServiceStatus>;
  explain(service: string): Explanation;
  impact(service: string, level?: StatusLevel): ImpactReport;
  /** Every service the given one rests on, transitively, with the hop count. */
  dependencies(service: string): { service: string; hop: number }[];
  whatIf(inputs: readonly EngineInput[]): WhatIfReport;
  /** Swaps in a changed model, keeping the inputs of services that remain; returns the transitions. */
  replaceModel(model: Model, at: number): Transition[];
}
