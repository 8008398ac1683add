import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEVERITY_MAPPING,
  parseSeverityMapping,
  type ServiceMatchers,
  SignalMapper,
} from './mapping.js';
import type { IncomingSignal } from './signal.js';

const signal = (
  labels: Record<string, string>,
  extra: Partial<IncomingSignal> = {},
): IncomingSignal => ({
  source: 'alertmanager',
  key: 'k',
  state: 'firing',
  startsAt: 0,
  endsAt: null,
  labels,
  ...extra,
});

const MATCHERS: ServiceMatchers[] = [
  {
    service: 'sap',
    signals: [
      { source: 'alertmanager', match: { job: 'sap' }, matchRegex: { instance: 'sap-.*' } },
    ],
  },
  { service: 'web', signals: [{ match: { job: 'web' }, matchRegex: {} }] },
  { service: 'dns', signals: [{ match: {}, matchRegex: { alertname: 'Dns.+' } }] },
];
const ids = new Set(['sap', 'web', 'dns', 'db01']);
const mapper = new SignalMapper((id) => ids.has(id), MATCHERS);

describe('SignalMapper', () => {
  it('matches equality and whole-value regular expressions, limited to a source', () => {
    expect(mapper.map(signal({ job: 'sap', instance: 'sap-01' })).services).toStrictEqual(['sap']);
    expect(mapper.map(signal({ job: 'sap', instance: 'xsap-01' })).services).toStrictEqual([]);
    expect(
      mapper.map(signal({ job: 'sap', instance: 'sap-01' }, { source: 'grafana' })).services,
    ).toStrictEqual([]);
    expect(mapper.map(signal({ alertname: 'DnsDown' })).services).toStrictEqual(['dns']);
    expect(mapper.map(signal({ alertname: 'Dns' })).services).toStrictEqual([]);
  });

  it('takes the service a sender names, by field or convention label, with the matched ones', () => {
    expect(mapper.map(signal({ servicechain_service: 'db01', job: 'web' })).services).toStrictEqual(
      ['db01', 'web'],
    );
    expect(mapper.map(signal({}, { service: 'db01' })).services).toStrictEqual(['db01']);
  });

  it('says why a signal matched nothing', () => {
    expect(mapper.map(signal({ job: 'mail' }))).toStrictEqual({
      services: [],
      level: 'degraded',
      unmatched:
        "no service's spec.signals select these labels, and it names no service (servicechain_service label)",
    });
    expect(mapper.map(signal({ servicechain_service: 'gone' })).unmatched).toBe(
      "it names service 'gone', which does not exist",
    );
  });

  it('turns severities into levels, case-insensitively, with a fallback; an explicit level wins', () => {
    expect(mapper.map(signal({ severity: 'CRITICAL' })).level).toBe('major_outage');
    expect(mapper.map(signal({ severity: 'warning' })).level).toBe('degraded');
    expect(mapper.map(signal({ severity: 'constructor' })).level).toBe('degraded');
    expect(mapper.map(signal({ severity: 'info' }, { level: 'partial_outage' })).level).toBe(
      'partial_outage',
    );
  });

  it('reads a configured severity mapping over the defaults', () => {
    const parsed = parseSeverityMapping('critical=partial_outage, P1=major_outage, *=unknown');
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.levels.critical).toBe('partial_outage');
    expect(parsed.levels.p1).toBe('major_outage');
    expect(parsed.levels.warning).toBe(DEFAULT_SEVERITY_MAPPING.levels.warning);
    expect(parsed.fallback).toBe('unknown');
    const custom = new SignalMapper(() => false, [], parsed);
    expect(custom.map(signal({ severity: 'p1' })).level).toBe('major_outage');
    expect(custom.map(signal({})).level).toBe('unknown');
    expect(parseSeverityMapping('critical=down')).toBe(
      "'critical=down' is not SEVERITY=LEVEL with a level such as major_outage",
    );
  });
});
