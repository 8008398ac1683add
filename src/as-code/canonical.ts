import type { Dependency, EntityKind, Party, Service, Subscription } from '../model/entities.js';
import { formatEdgeImpact } from '../model/impact.js';
import { formatNodeRule } from '../model/rule.js';

type Entity = Party | Service | Dependency | Subscription;

/**
 * An entity's fields in their written form, defaults and empty values left out. Plans compare
 * these, and export writes them, so that what is equal is written equally.
 */
export function canonicalFields(kind: EntityKind, entity: Entity): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value) && value.length === 0) return;
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length === 0
    )
      return;
    fields[name] = value;
  };
  switch (kind) {
    case 'party': {
      const party = entity as Party;
      put('name', party.name);
      put('description', party.description);
      put('labels', party.labels);
      put('tags', party.tags);
      put('links', party.links);
      put('kind', party.kind);
      put('parent', party.parent);
      put('contacts', party.contacts);
      break;
    }
    case 'service': {
      const service = entity as Service;
      put('name', service.name);
      put('description', service.description);
      put('labels', service.labels);
      put('tags', service.tags);
      put('links', service.links);
      put('label', service.label);
      put('provider', service.provider);
      put('lifecycle', service.lifecycle);
      put('criticality', service.criticality);
      put('costPerHour', service.costPerHour);
      put('slo', service.slo);
      put('hours', service.hours);
      put('rule', formatNodeRule(service.rule));
      put('signals', service.signals.map(signalFields));
      break;
    }
    case 'dependency': {
      const dependency = entity as Dependency;
      put('impact', formatEdgeImpact(dependency.impact));
      if (dependency.weight !== 1) put('weight', dependency.weight);
      put('note', dependency.note);
      break;
    }
    case 'subscription': {
      const subscription = entity as Subscription;
      put('slo', subscription.slo);
      put('note', subscription.note);
      break;
    }
  }
  return fields;
}

function signalFields(matcher: Service['signals'][number]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (matcher.source !== undefined) fields.source = matcher.source;
  if (Object.keys(matcher.match).length > 0) fields.match = matcher.match;
  if (Object.keys(matcher.matchRegex).length > 0) fields.matchRegex = matcher.matchRegex;
  return fields;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.keys(item)
          .sort()
          .map((k) => [k, (item as Record<string, unknown>)[k]]),
      );
    }
    return item;
  });
}
