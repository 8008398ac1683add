import { formatEdgeImpact } from '../../model/impact.js';
import type { ModelIndex } from '../../model/model-index.js';
import { formatNodeRule } from '../../model/rule.js';
import { renderTable, terminalSafe } from '../output.js';

export interface View {
  text: string;
  json: unknown;
}

function impactText(impact: Parameters<typeof formatEdgeImpact>[0]): string {
  const written = formatEdgeImpact(impact);
  if (written === undefined) return 'as-is';
  return typeof written === 'string'
    ? written
    : Object.entries(written)
        .map(([f, t]) => `${f}->${t}`)
        .join(',');
}

function section(title: string, header: string[], rows: string[][]): string {
  return rows.length === 0
    ? `\n${title}: none`
    : `\n${title}:\n${indent(renderTable(header, rows))}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** A service: its details, provider, customers (derived), dependencies both ways. */
export function describeService(index: ModelIndex, id: string): View {
  const service = index.services.get(id);
  if (!service) throw new Error(`describeService: no service '${id}'`);
  const provider = service.provider ? index.parties.get(service.provider) : undefined;
  const dependsOn = index.dependsOn.get(id) ?? [];
  const dependencyOf = index.dependencyOf.get(id) ?? [];
  const customers = index.customersOf(id);
  const rule = formatNodeRule(service.rule) ?? 'worst';
  const details: [string, string | undefined][] = [
    ['id', service.id],
    ['name', service.name],
    ['label', service.label],
    ['lifecycle', service.lifecycle],
    ['criticality', service.criticality],
    ['provider', provider ? `${provider.id} (${provider.name})` : service.provider],
    ['rule', typeof rule === 'string' ? rule : JSON.stringify(rule)],
    ['slo', service.slo === undefined ? undefined : `${service.slo}%`],
    ['cost per hour', service.costPerHour?.toLocaleString('en')],
    [
      'hours',
      service.hours
        ? `${service.hours.timeZone} ${JSON.stringify(service.hours.weekly)}`
        : undefined,
    ],
    ['tags', service.tags.join(', ') || undefined],
    ['description', service.description],
  ];
  const text = [
    ...details
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k.padEnd(14)}${terminalSafe(v as string)}`),
    section(
      'Depends on',
      ['SERVICE', 'IMPACT', 'WEIGHT', 'NAME'],
      dependsOn.map((d) => [
        d.to,
        impactText(d.impact),
        String(d.weight),
        index.services.get(d.to)?.name ?? '',
      ]),
    ),
    section(
      'Dependency of',
      ['SERVICE', 'IMPACT', 'NAME'],
      dependencyOf.map((d) => [
        d.from,
        impactText(d.impact),
        index.services.get(d.from)?.name ?? '',
      ]),
    ),
    section(
      'Customers',
      ['PARTY', 'KIND', 'HOP', 'VIA', 'AS'],
      customers.map((c) => [c.party.id, c.party.kind, String(c.hop), c.via, c.relation]),
    ),
  ].join('\n');
  return {
    text,
    json: {
      service,
      provider: provider ?? null,
      dependsOn: dependsOn.map((d) => ({
        service: d.to,
        impact: impactText(d.impact),
        weight: d.weight,
      })),
      dependencyOf: dependencyOf.map((d) => ({
        service: d.from,
        impact: impactText(d.impact),
        weight: d.weight,
      })),
      customers: customers.map((c) => ({
        party: c.party.id,
        kind: c.party.kind,
        hop: c.hop,
        via: c.via,
        relation: c.relation,
      })),
    },
  };
}

/** A party: what it provides, what it consumes, its customers, its place among parties. */
export function describeParty(index: ModelIndex, id: string): View {
  const party = index.parties.get(id);
  if (!party) throw new Error(`describeParty: no party '${id}'`);
  const provides = index.provides.get(id) ?? [];
  const consumes = index.consumes.get(id) ?? [];
  const children = index.parentOf.get(id) ?? [];
  const customers = new Map<string, { party: string; kind: string; via: string }>();
  for (const service of provides) {
    for (const customer of index.customersOf(service.id)) {
      if (customer.party.id !== id && !customers.has(customer.party.id))
        customers.set(customer.party.id, {
          party: customer.party.id,
          kind: customer.party.kind,
          via: service.id,
        });
    }
  }
  const text = [
    `${'id'.padEnd(14)}${terminalSafe(party.id)}`,
    `${'name'.padEnd(14)}${terminalSafe(party.name)}`,
    `${'kind'.padEnd(14)}${party.kind}`,
    ...(party.parent ? [`${'parent'.padEnd(14)}${terminalSafe(party.parent)}`] : []),
    ...(party.description ? [`${'description'.padEnd(14)}${terminalSafe(party.description)}`] : []),
    ...party.contacts.map(
      (c) =>
        `${'contact'.padEnd(14)}${c.type}: ${terminalSafe(c.value)}${c.name ? ` (${terminalSafe(c.name)})` : ''}`,
    ),
    section(
      'Provides',
      ['SERVICE', 'LABEL', 'NAME'],
      provides.map((s) => [s.id, s.label, s.name]),
    ),
    section(
      'Consumes',
      ['SERVICE', 'SLO', 'NAME'],
      consumes.map((s) => [
        s.service,
        s.slo === undefined ? '' : `${s.slo}%`,
        index.services.get(s.service)?.name ?? '',
      ]),
    ),
    section(
      'Customers',
      ['PARTY', 'KIND', 'VIA'],
      [...customers.values()].map((c) => [c.party, c.kind, c.via]),
    ),
    section(
      'Members',
      ['PARTY', 'KIND', 'NAME'],
      children.map((c) => [c.id, c.kind, c.name]),
    ),
  ].join('\n');
  return {
    text,
    json: {
      party,
      provides: provides.map((s) => s.id),
      consumes,
      customers: [...customers.values()],
      members: children.map((c) => c.id),
    },
  };
}
