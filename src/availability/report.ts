import type { Party, Service, Subscription } from '../model/entities.js';
import { CalendarCache } from './calendar.js';
import { type HistoryReader, loadTimelines } from './history-reader.js';
import { type MeasuredService, measureCustomer, measureService } from './measure.js';
import type { Period } from './period.js';
import type { AvailabilityFigures } from './tally.js';
import type { StateTimeline } from './timeline.js';
import type { Weights } from './weights.js';

export interface ServiceAvailability extends AvailabilityFigures {
  service: string;
  name: string;
}

export interface SubscriptionAvailability extends AvailabilityFigures {
  service: string;
  name: string;
  /** Where the target comes from: the subscription's promise, else the service's SLO. */
  sloFrom: 'subscription' | 'service' | null;
}

export interface CustomerAvailability {
  party: string;
  name: string;
  /** Everything the customer consumes together; the target is the lowest of its subscriptions'. */
  combined: AvailabilityFigures;
  subscriptions: SubscriptionAvailability[];
}

/** A period as answers show it: instants as ISO 8601 UTC. */
export interface PresentedPeriod {
  label: string;
  kind: Period['kind'];
  zone: string;
  from: string;
  to: string;
  /** Where the figures stop: `to`, or when they were taken for a running period. */
  end: string;
  partial: boolean;
}

export function presentPeriod(period: Period): PresentedPeriod {
  return {
    label: period.label,
    kind: period.kind,
    zone: period.zone,
    from: new Date(period.from).toISOString(),
    to: new Date(period.to).toISOString(),
    end: new Date(period.end).toISOString(),
    partial: period.partial,
  };
}

export interface AvailabilityRequest {
  history: HistoryReader;
  period: Period;
  weights: Weights;
}

const STEADY: StateTimeline = {
  initial: { level: 'operational', maintenance: false },
  changes: [],
};

/**
 * The figures of each service. `everyService` says the list is the whole model, so the history
 * is read without a filter (the same rows, without the cost of matching ids).
 */
export async function servicesAvailability(
  request: AvailabilityRequest,
  services: readonly Service[],
  everyService = false,
): Promise<ServiceAvailability[]> {
  const { period, weights } = request;
  if (services.length === 0) return [];
  const ids = services.map((s) => s.id);
  const timelines = await loadTimelines(
    request.history,
    period.from,
    period.end,
    everyService ? undefined : ids,
  );
  const calendars = new CalendarCache(period.from, period.to);
  return services.map((service) => ({
    service: service.id,
    name: service.name,
    ...measureService(
      {
        timeline: timelines.get(service.id) ?? STEADY,
        hours: calendars.intervals(service.hours, `services.${service.id}.hours`),
        slo: service.slo,
      },
      period,
      weights,
    ),
  }));
}

/**
 * A customer's figures: per subscription, with the promise made to it (else the service's SLO),
 * and combined over everything it consumes. What the services rest on is already in their
 * effective statuses, so the subscribed services alone tell what the customer experiences.
 */
export async function customerAvailability(
  request: AvailabilityRequest,
  party: Party,
  subscriptions: readonly { subscription: Subscription; service: Service }[],
): Promise<CustomerAvailability> {
  const { period, weights } = request;
  const timelines =
    subscriptions.length === 0
      ? new Map<string, StateTimeline>()
      : await loadTimelines(
          request.history,
          period.from,
          period.end,
          subscriptions.map((s) => s.service.id),
        );
  const calendars = new CalendarCache(period.from, period.to);
  const measured: MeasuredService[] = [];
  const rows: SubscriptionAvailability[] = [];
  for (const { subscription, service } of subscriptions) {
    const slo = subscription.slo ?? service.slo;
    const one: MeasuredService = {
      timeline: timelines.get(service.id) ?? STEADY,
      hours: calendars.intervals(service.hours, `services.${service.id}.hours`),
      slo,
    };
    measured.push(one);
    rows.push({
      service: service.id,
      name: service.name,
      sloFrom:
        subscription.slo !== undefined
          ? 'subscription'
          : service.slo !== undefined
            ? 'service'
            : null,
      ...measureService(one, period, weights),
    });
  }
  const targets = measured.flatMap((m) => (m.slo === undefined ? [] : [m.slo]));
  const slo = targets.length > 0 ? Math.min(...targets) : undefined;
  return {
    party: party.id,
    name: party.name,
    combined: measureCustomer(measured, slo, period, weights),
    subscriptions: rows,
  };
}
