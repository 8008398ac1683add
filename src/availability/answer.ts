import { InputError, NotFoundError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import type { HistoryReader } from './history-reader.js';
import { type Period, parsePeriod } from './period.js';
import {
  type CustomerAvailability,
  customerAvailability,
  type PresentedPeriod,
  presentPeriod,
  type ServiceAvailability,
  servicesAvailability,
} from './report.js';
import { parseWeights, type Weights } from './weights.js';

/** What the API and the CLI ask; field names are the API's query parameters. */
export interface AvailabilityQuestion {
  period: string;
  zone?: string;
  service?: string;
  customer?: string;
  weights?: string;
  /** Services per page when neither service nor customer is named (default 100). */
  limit?: number;
  offset?: number;
}

/** The answer the API gives as JSON and the CLI prints. */
export interface AvailabilityAnswer {
  period: PresentedPeriod;
  weights: Weights;
  services: ServiceAvailability[];
  customers: CustomerAvailability[];
  /** Services (or customers) in the whole answer. */
  total: number;
  /** The offset of the next page; null on the last. */
  next: number | null;
}

/** The model and history reads an answer needs. */
export type AvailabilitySource = HistoryReader &
  Pick<Store, 'getService' | 'getParty' | 'listSubscriptions' | 'listServices'>;

export const AVAILABILITY_PAGE_DEFAULT = 100;

/** A question whose period, weights and choice of subject have been checked. */
export interface CheckedQuestion {
  period: Period;
  weights: Weights;
  service?: string;
  customer?: string;
  limit?: number;
  offset?: number;
}

/**
 * Checks what can be checked without reading the store, so that a bad question is refused before
 * anything waits (the API flushes the history recorder between this and `answerChecked`). Input
 * errors name the parameter (`period`, `zone`, `weights`, `customer`), as the API's query and
 * the CLI's options both spell them.
 */
export function checkQuestion(question: AvailabilityQuestion, now: number): CheckedQuestion {
  if (question.service !== undefined && question.customer !== undefined)
    throw new InputError('service and customer do not go together: ask for one', [
      { path: 'customer', message: 'not with service' },
    ]);
  const { period: text, zone, weights, ...rest } = question;
  return { ...rest, period: parsePeriod(text, zone ?? 'UTC', now), weights: parseWeights(weights) };
}

/** One question answered: a service, a customer, or every service a page at a time. */
export async function answerAvailability(
  source: AvailabilitySource,
  question: AvailabilityQuestion,
  now: number,
): Promise<AvailabilityAnswer> {
  return answerChecked(source, checkQuestion(question, now));
}

/** A checked question answered; NotFoundError for a service or customer the store lacks. */
export async function answerChecked(
  source: AvailabilitySource,
  question: CheckedQuestion,
): Promise<AvailabilityAnswer> {
  const { period, weights } = question;
  const ask = { history: source, period, weights };
  const answer: AvailabilityAnswer = {
    period: presentPeriod(period),
    weights,
    services: [],
    customers: [],
    total: 1,
    next: null,
  };
  if (question.customer !== undefined) {
    const party = await source.getParty(question.customer);
    if (!party) throw new NotFoundError(`no party '${question.customer}'`);
    const pairs = [];
    for (const subscription of await source.listSubscriptions({ party: party.id })) {
      const service = await source.getService(subscription.service);
      if (service) pairs.push({ subscription, service });
    }
    answer.customers = [await customerAvailability(ask, party, pairs)];
  } else if (question.service !== undefined) {
    const service = await source.getService(question.service);
    if (!service) throw new NotFoundError(`no service '${question.service}'`);
    answer.services = await servicesAvailability(ask, [service]);
  } else {
    const all = await source.listServices();
    const offset = question.offset ?? 0;
    const end = offset + (question.limit ?? AVAILABILITY_PAGE_DEFAULT);
    const page = all.slice(offset, end);
    answer.services = await servicesAvailability(ask, page, page.length === all.length);
    answer.total = all.length;
    answer.next = end < all.length ? end : null;
  }
  return answer;
}
