import type { SignalMatcher } from '../model/entities.js';
import { isStatusLevel, type StatusLevel } from '../model/levels.js';
import type { IncomingSignal } from './signal.js';

/** The label by which any sender can name the service a signal belongs to. */
export const SERVICE_LABEL = 'servicechain_service';

/** How a severity label value (compared lower-cased) becomes a level. */
export interface SeverityMapping {
  /** The label that carries the severity (default `severity`). */
  label: string;
  levels: Readonly<Record<string, StatusLevel>>;
  /** The level of a signal whose severity is missing or not in `levels`. */
  fallback: StatusLevel;
}

/**
 * The usual severities of Prometheus rules, Grafana, Nagios/Icinga states and Zabbix
 * severities. `fallback` is `degraded`: an alert nobody graded says something is wrong,
 * not that everything is down.
 */
export const DEFAULT_SEVERITY_MAPPING: SeverityMapping = {
  label: 'severity',
  levels: {
    critical: 'major_outage',
    page: 'major_outage',
    disaster: 'major_outage',
    emergency: 'major_outage',
    fatal: 'major_outage',
    down: 'major_outage',
    high: 'partial_outage',
    major: 'partial_outage',
    error: 'partial_outage',
    average: 'partial_outage',
    warning: 'degraded',
    warn: 'degraded',
    minor: 'degraded',
    low: 'degraded',
    unknown: 'unknown',
    info: 'operational',
    information: 'operational',
    none: 'operational',
    ok: 'operational',
    up: 'operational',
  },
  fallback: 'degraded',
};

/**
 * Parses `critical=major_outage,warning=degraded,*=degraded` (`*` sets the fallback) over the
 * defaults; returns the problem as a string when a level is not one.
 */
export function parseSeverityMapping(text: string): SeverityMapping | string {
  const levels: Record<string, StatusLevel> = { ...DEFAULT_SEVERITY_MAPPING.levels };
  let fallback = DEFAULT_SEVERITY_MAPPING.fallback;
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, level] = pair.split('=').map((p) => p.trim());
    if (!name || !level || !isStatusLevel(level))
      return `'${pair}' is not SEVERITY=LEVEL with a level such as major_outage`;
    if (name === '*') fallback = level;
    else levels[name.toLowerCase()] = level;
  }
  return { ...DEFAULT_SEVERITY_MAPPING, levels, fallback };
}

/** Where a signal belongs: the services it matched, or why it matched none. */
export interface SignalMapping {
  services: string[];
  level: StatusLevel;
  /** Set when `services` is empty. */
  unmatched?: string;
}

interface CompiledMatcher {
  service: string;
  source?: string;
  equal: [string, string][];
  regex: [string, RegExp][];
}

/** A service's matchers, as the store lists them. */
export interface ServiceMatchers {
  service: string;
  signals: readonly SignalMatcher[];
}

/**
 * Maps signals to services: the service a sender names (`service`, or the
 * `servicechain_service` label) when it exists, plus every service whose `spec.signals`
 * select the signal's labels (equality, or a regular expression matching the whole value, as
 * Prometheus matchers do). Matchers are indexed by one of their equality labels, so a signal
 * is checked only against matchers that can match it.
 */
export class SignalMapper {
  /** Matchers by the name, then the value, of their first equality label. */
  private readonly byPair = new Map<string, Map<string, CompiledMatcher[]>>();
  private readonly unindexed: CompiledMatcher[] = [];

  constructor(
    private readonly hasService: (id: string) => boolean,
    matchers: readonly ServiceMatchers[],
    private readonly severity: SeverityMapping = DEFAULT_SEVERITY_MAPPING,
  ) {
    for (const { service, signals } of matchers)
      for (const matcher of signals) this.add(service, matcher);
  }

  private add(service: string, matcher: SignalMatcher): void {
    const regex: [string, RegExp][] = [];
    for (const [name, pattern] of Object.entries(matcher.matchRegex)) {
      try {
        regex.push([name, new RegExp(`^(?:${pattern})$`)]);
      } catch {
        return; // model validation refuses these; a matcher that cannot compile matches nothing
      }
    }
    const equal = Object.entries(matcher.match);
    const compiled: CompiledMatcher = {
      service,
      ...(matcher.source !== undefined && { source: matcher.source }),
      equal,
      regex,
    };
    const first = equal[0];
    if (first === undefined) this.unindexed.push(compiled);
    else {
      let values = this.byPair.get(first[0]);
      if (!values) {
        values = new Map();
        this.byPair.set(first[0], values);
      }
      const list = values.get(first[1]);
      if (list) list.push(compiled);
      else values.set(first[1], [compiled]);
    }
  }

  map(signal: IncomingSignal): SignalMapping {
    const level = signal.level ?? this.levelOf(signal.labels);
    const found: string[] = [];
    const add = (service: string) => {
      if (!found.includes(service)) found.push(service);
    };
    const labels = signal.labels;
    const named =
      signal.service ?? (Object.hasOwn(labels, SERVICE_LABEL) ? labels[SERVICE_LABEL] : undefined);
    let reason: string | undefined;
    if (named !== undefined) {
      if (this.hasService(named)) add(named);
      else reason = `it names service '${named}', which does not exist`;
    }
    for (const name in labels) {
      const list = this.byPair.get(name)?.get(labels[name] as string);
      if (list) for (const m of list) if (matches(m, signal)) add(m.service);
    }
    for (const m of this.unindexed) if (matches(m, signal)) add(m.service);
    if (found.length > 0) return { services: found.length > 1 ? found.sort() : found, level };
    return {
      services: [],
      level,
      unmatched:
        reason ??
        `no service's spec.signals select these labels, and it names no service (${SERVICE_LABEL} label)`,
    };
  }

  private levelOf(labels: Readonly<Record<string, string>>): StatusLevel {
    const severity = labels[this.severity.label];
    if (severity === undefined) return this.severity.fallback;
    const level = this.severity.levels[severity.toLowerCase()];
    return level !== undefined && Object.hasOwn(this.severity.levels, severity.toLowerCase())
      ? level
      : this.severity.fallback;
  }
}

function matches(matcher: CompiledMatcher, signal: IncomingSignal): boolean {
  if (matcher.source !== undefined && matcher.source !== signal.source) return false;
  const labels = signal.labels;
  for (const [name, value] of matcher.equal)
    if (!Object.hasOwn(labels, name) || labels[name] !== value) return false;
  for (const [name, pattern] of matcher.regex) {
    // An absent label matches as the empty string, as in Prometheus.
    if (!pattern.test(Object.hasOwn(labels, name) ? (labels[name] as string) : '')) return false;
  }
  return true;
}
