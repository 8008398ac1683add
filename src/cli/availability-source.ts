import {
  type AvailabilityAnswer,
  type AvailabilityQuestion,
  answerAvailability,
} from '../availability/answer.js';
import { InputError } from '../model/errors.js';
import { dataDirFrom, openDataStore } from './data-store.js';
import type { SourceOptions } from './query-source.js';
import { RemoteClient } from './remote.js';

/** Availability answers, from a data folder or a server alike. */
export type AvailabilitySource = (question: AvailabilityQuestion) => Promise<AvailabilityAnswer>;

/** Services per page when the CLI asks for every service: it reads every page. */
const CLI_PAGE = 10_000;

/**
 * Where `sla` asks, chosen as every query command chooses (see `querySource`): `--server` or
 * SERVICECHAIN_SERVER for a server, else the data folder.
 */
export async function availabilitySource(
  options: SourceOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
  now: () => number = Date.now,
): Promise<AvailabilitySource> {
  if (options.server !== undefined && options.data !== undefined)
    throw new InputError('--server and --data do not go together: choose one place to ask');
  const server =
    options.server ?? (options.data === undefined ? env.SERVICECHAIN_SERVER : undefined);
  if (server) {
    const client = await RemoteClient.connect(server, env);
    return (question) =>
      client.get<AvailabilityAnswer>('/api/v1/availability', textQuery(question));
  }
  return async (question) => {
    const store = await openDataStore(dataDirFrom(options.data));
    try {
      return await answerAvailability(store, question, now());
    } finally {
      await store.close();
    }
  };
}

/** Every page of an answer in one: all services when none or a customer is named. */
export async function wholeAnswer(
  source: AvailabilitySource,
  question: AvailabilityQuestion,
): Promise<AvailabilityAnswer> {
  const first = await source({ ...question, limit: CLI_PAGE, offset: 0 });
  for (let next = first.next; next !== null; ) {
    const page = await source({ ...question, limit: CLI_PAGE, offset: next });
    first.services.push(...page.services);
    next = page.next;
  }
  first.next = null;
  return first;
}

function textQuery(question: AvailabilityQuestion): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(question).map(([name, value]) => [
      name,
      value === undefined ? undefined : String(value),
    ]),
  );
}
