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
  private readonly byPair = new Map<string, CompiledMatcher[]>();
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
      const key = pairKey(first[0], first[1]);
      const list = this.byPair.get(key);
      if (list) list.push(compiled);
      else this.byPair.set(key, [compiled]);
    }
  }

  map(signal: IncomingSignal): SignalMapping {
    const level = signal.level ?? this.levelOf(signal.labels);
    const found = new Set<string>();
    const named = signal.service ?? signal.labels[SERVICE_LABEL];
    let reason: string | undefined;
    if (named !== undefined) {
      if (this.hasService(named)) found.add(named);
      else reason = `it names service '${named}', which does not exist`;
    }
    for (const name of Object.keys(signal.labels)) {
      const list = this.byPair.get(pairKey(name, signal.labels[name] as string));
      if (list) for (const m of list) if (matches(m, signal)) found.add(m.service);
    }
    for (const m of this.unindexed) if (matches(m, signal)) found.add(m.service);
    if (found.size > 0) return { services: [...found].sort(), level };
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

function pairKey(name: string, value: string): string {
  return `${name}\u0000${value}`;
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
