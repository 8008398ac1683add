import type { Problem } from '../model/errors.js';
import { FieldReader } from './fields.js';
import { labelsFingerprint } from './fingerprint.js';
import {
  type IncomingSignal,
  MAX_SIGNALS_PER_REQUEST,
  type ParseOutcome,
  SIGNAL_LIMITS,
  type SignalState,
} from './signal.js';

/**
 * What Alertmanager and Grafana share: a group of alerts, each with labels, annotations,
 * startsAt, endsAt, an optional status and fingerprint, and a generator URL.
 */
export interface AlertGroupFormat {
  source: string;
  /** The `version` field this format carries; any other is refused. */
  version: string;
  /** The alert's own link, tried in order (e.g. Grafana's panelURL before generatorURL). */
  urlFields: readonly string[];
  /** Extra checks of the top level (Grafana's orgId and state). */
  checkTop?: (top: Record<string, unknown>, reader: FieldReader) => void;
}

const STATES: readonly string[] = ['firing', 'resolved'];

/** Parses a webhook body of an alert group into signals, refusing the body on any problem. */
export function parseAlertGroup(
  format: AlertGroupFormat,
  body: unknown,
  receivedAt: number,
): ParseOutcome {
  const reader = new FieldReader();
  const top = reader.object(body, 'body');
  if (!top) return { ok: false, problems: reader.problems };
  const version = top.version;
  if (version !== format.version) {
    const problem: Problem = {
      path: 'version',
      message:
        version === undefined
          ? `is missing; a ${format.source} webhook sends version "${format.version}"`
          : `unknown payload version ${JSON.stringify(version)}; this receiver reads version "${format.version}"`,
    };
    return { ok: false, problems: [problem] };
  }
  format.checkTop?.(top, reader);
  const truncated = top.truncatedAlerts;
  if (truncated !== undefined && !(Number.isInteger(truncated) && (truncated as number) >= 0))
    reader.problem('truncatedAlerts', 'must be a whole number of alerts');
  const alerts = top.alerts;
  if (!Array.isArray(alerts)) {
    reader.problem('alerts', alerts === undefined ? 'is missing' : 'must be an array of alerts');
    return { ok: false, problems: reader.problems };
  }
  if (alerts.length > MAX_SIGNALS_PER_REQUEST) {
    reader.problem(
      'alerts',
      `has ${alerts.length} alerts; at most ${MAX_SIGNALS_PER_REQUEST} a request (lower max_alerts or group_by more finely)`,
    );
    return { ok: false, problems: reader.problems };
  }
  const signals: IncomingSignal[] = [];
  for (let i = 0; i < alerts.length; i++) {
    const signal = readAlert(format, reader, alerts[i], `alerts[${i}]`, receivedAt);
    if (signal) signals.push(signal);
  }
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  const notes =
    typeof truncated === 'number' && truncated > 0
      ? [`${truncated} alerts of this group were cut by the sender (max_alerts) and not received`]
      : [];
  return { ok: true, signals, notes };
}

function readAlert(
  format: AlertGroupFormat,
  reader: FieldReader,
  value: unknown,
  path: string,
  receivedAt: number,
): IncomingSignal | undefined {
  const alert = reader.object(value, path);
  if (!alert) return undefined;
  const before = reader.problems.length;
  const labels = reader.labels(alert.labels, `${path}.labels`);
  const annotations = reader.labels(alert.annotations, `${path}.annotations`);
  const startsAt = reader.time(alert.startsAt, `${path}.startsAt`, true);
  const endsAt = reader.time(alert.endsAt, `${path}.endsAt`, false);
  const status = reader.string(alert.status, `${path}.status`, 20, false);
  if (status !== undefined && !STATES.includes(status))
    reader.problem(`${path}.status`, `'${status}' is neither firing nor resolved`);
  const fingerprint = reader.string(
    alert.fingerprint,
    `${path}.fingerprint`,
    SIGNAL_LIMITS.key,
    false,
  );
  let url: string | undefined;
  for (const field of format.urlFields) {
    url ??= reader.string(alert[field], `${path}.${field}`, SIGNAL_LIMITS.url, false) || undefined;
  }
  if (alert.labels === undefined) reader.problem(`${path}.labels`, 'is missing');
  if (reader.problems.length > before || startsAt == null) return undefined;
  // Without a status (older senders), an alert whose end has passed is resolved.
  const state: SignalState =
    status === 'firing' || status === 'resolved'
      ? status
      : endsAt !== null && endsAt !== undefined && endsAt <= receivedAt
        ? 'resolved'
        : 'firing';
  const summary = annotations.summary ?? annotations.description ?? labels.alertname;
  return {
    source: format.source,
    key: fingerprint || labelsFingerprint(labels),
    state,
    startsAt,
    endsAt: endsAt ?? null,
    labels,
    ...(summary !== undefined && { summary: summary.slice(0, SIGNAL_LIMITS.summary) }),
    ...(url !== undefined && { url }),
  };
}
