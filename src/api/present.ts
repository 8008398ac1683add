import { canonicalFields } from '../as-code/canonical.js';
import type { Party, Service } from '../model/entities.js';
import type { ModelIndex } from '../model/model-index.js';

/** A service as the API shows it: its written fields with defaults filled in, and its relations. */
export function presentService(service: Service, index?: ModelIndex): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: service.id,
    labels: {},
    tags: [],
    links: [],
    rule: 'worst',
    signals: [],
    ...canonicalFields('service', service),
  };
  if (index) {
    body.dependsOn = (index.dependsOn.get(service.id) ?? []).map((d) => ({
      service: d.to,
      ...canonicalFields('dependency', d),
    }));
    body.dependencyOf = (index.dependencyOf.get(service.id) ?? []).map((d) => d.from);
    body.consumedBy = (index.consumedBy.get(service.id) ?? []).map((s) => ({
      party: s.party,
      ...canonicalFields('subscription', s),
    }));
  }
  return body;
}

/** A party as the API shows it. */
export function presentParty(party: Party, index?: ModelIndex): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: party.id,
    labels: {},
    tags: [],
    links: [],
    contacts: [],
    ...canonicalFields('party', party),
  };
  if (index) {
    body.provides = (index.provides.get(party.id) ?? []).map((s) => s.id);
    body.consumes = (index.consumes.get(party.id) ?? []).map((s) => ({
      service: s.service,
      ...canonicalFields('subscription', s),
    }));
    body.members = (index.parentOf.get(party.id) ?? []).map((p) => p.id);
  }
  return body;
}
