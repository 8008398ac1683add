import { isStatusLevel, STATUS_LEVELS } from '../../model/levels.js';
import { INCIDENT_SOURCE } from '../../runtime/incident-inputs.js';
import { FieldReader } from '../fields.js';
import {
  type IncomingSignal,
  MAX_SIGNALS_PER_REQUEST,
  type ParseOutcome,
  SIGNAL_LIMITS,
  type SignalSource,
} from '../signal.js';

const FIELDS = new Set([
  'source',
  'key',
  'service',
  'labels',
  'level',
  'severity',
  'state',
  'startsAt',
  'endsAt',
  'summary',
  'url',
]);

/** Source names: what matchers' `source:` selects; `alertmanager` and `grafana` are the receivers'. */
const SOURCE_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const SERVICE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * The generic JSON webhook (docs/integrations.md): one signal object, or an array of them, each
 * `{ source, key, service?, labels?, level? | severity?, state?, startsAt?, endsAt?, summary?, url? }`.
 * `state` defaults to firing and `startsAt` to the time received (send it for redelivery to be
 * idempotent). Unknown fields are refused, so a misspelt one is not silently ignored.
 */
export const genericSource: SignalSource = {
  name: 'generic',
  parse(body: unknown, receivedAt: number): ParseOutcome {
    const reader = new FieldReader();
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0)
      return { ok: false, problems: [{ path: 'body', message: 'no signals' }] };
    if (items.length > MAX_SIGNALS_PER_REQUEST) {
      reader.problem(
        'body',
        `has ${items.length} signals; at most ${MAX_SIGNALS_PER_REQUEST} a request`,
      );
      return { ok: false, problems: reader.problems };
    }
    const signals: IncomingSignal[] = [];
    items.forEach((item, i) => {
      const path = Array.isArray(body) ? `[${i}]` : 'body';
      const signal = readSignal(reader, item, path, receivedAt);
      if (signal) signals.push(signal);
    });
    if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
    return { ok: true, signals, notes: [] };
  },
};

function readSignal(
  reader: FieldReader,
  value: unknown,
  path: string,
  receivedAt: number,
): IncomingSignal | undefined {
  const item = reader.object(value, path);
  if (!item) return undefined;
  const before = reader.problems.length;
  for (const field of Object.keys(item))
    if (!FIELDS.has(field)) reader.problem(`${path}.${field}`, 'is not a field of a signal');
  const source = reader.string(item.source, `${path}.source`, SIGNAL_LIMITS.source);
  if (source !== undefined && !SOURCE_PATTERN.test(source))
    reader.problem(`${path}.source`, 'is lower-case letters, digits, dots, dashes and underscores');
  else if (source === INCIDENT_SOURCE)
    reader.problem(`${path}.source`, `'${INCIDENT_SOURCE}' is reserved for incidents' impact`);
  const key = reader.string(item.key, `${path}.key`, SIGNAL_LIMITS.key);
  if (key === '') reader.problem(`${path}.key`, 'is empty');
  const service = reader.string(item.service, `${path}.service`, 63, false);
  if (service !== undefined && !SERVICE_PATTERN.test(service))
    reader.problem(`${path}.service`, `'${service}' is not a service id`);
  const labels = reader.labels(item.labels, `${path}.labels`);
  const level = reader.string(item.level, `${path}.level`, 20, false);
  if (level !== undefined && !isStatusLevel(level))
    reader.problem(`${path}.level`, `'${level}' is not one of ${STATUS_LEVELS.join(', ')}`);
  const severity = reader.string(
    item.severity,
    `${path}.severity`,
    SIGNAL_LIMITS.labelValue,
    false,
  );
  const state = reader.string(item.state, `${path}.state`, 20, false) ?? 'firing';
  if (state !== 'firing' && state !== 'resolved')
    reader.problem(`${path}.state`, `'${state}' is neither firing nor resolved`);
  const startsAt = reader.time(item.startsAt, `${path}.startsAt`, false);
  const endsAt = reader.time(item.endsAt, `${path}.endsAt`, false);
  const summary = reader.string(item.summary, `${path}.summary`, SIGNAL_LIMITS.summary, false);
  const url = reader.string(item.url, `${path}.url`, SIGNAL_LIMITS.url, false);
  if (reader.problems.length > before || source === undefined || key === undefined)
    return undefined;
  return {
    source,
    key,
    state: state as IncomingSignal['state'],
    startsAt: startsAt ?? receivedAt,
    endsAt: endsAt ?? null,
    // Severity and service ride as labels too, so the signal maps again the same way later.
    labels: {
      ...labels,
      ...(severity !== undefined && { severity }),
      ...(service !== undefined && { servicechain_service: service }),
    },
    ...(level !== undefined && isStatusLevel(level) && { level }),
    ...(service !== undefined && { service }),
    ...(summary !== undefined && { summary }),
    ...(url !== undefined && { url }),
  };
}
