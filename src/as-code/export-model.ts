import { stringify } from 'yaml';
import type { Model } from '../model/entities.js';
import { canonicalFields } from './canonical.js';
import { API_VERSION } from './decode-document.js';

type Document = {
  apiVersion: string;
  kind: 'Party' | 'Service';
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
};

const METADATA_FIELDS = new Set(['name', 'description', 'labels', 'tags', 'links']);

function splitFields(
  id: string,
  fields: Record<string, unknown>,
): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  const metadata: Record<string, unknown> = { id };
  const spec: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields))
    (METADATA_FIELDS.has(name) ? metadata : spec)[name] = value;
  return { metadata, spec };
}

/**
 * The model as documents in the file format: parties, then services, each sorted by id, with
 * subscriptions inside their party and dependencies inside their consumer. Applying the result to
 * the same store changes nothing.
 */
export function modelToDocuments(model: Model): Document[] {
  const byId = <T extends { id: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const documents: Document[] = [];
  for (const party of byId(model.parties)) {
    const { metadata, spec } = splitFields(party.id, canonicalFields('party', party));
    const consumes = model.subscriptions
      .filter((s) => s.party === party.id)
      .sort((a, b) => (a.service < b.service ? -1 : 1))
      .map((s) => {
        const fields = canonicalFields('subscription', s);
        return Object.keys(fields).length === 0 ? s.service : { service: s.service, ...fields };
      });
    if (consumes.length > 0) spec.consumes = consumes;
    documents.push({ apiVersion: API_VERSION, kind: 'Party', metadata, spec });
  }
  for (const service of byId(model.services)) {
    const { metadata, spec } = splitFields(service.id, canonicalFields('service', service));
    const dependsOn = model.dependencies
      .filter((d) => d.from === service.id)
      .sort((a, b) => (a.to < b.to ? -1 : 1))
      .map((d) => {
        const fields = canonicalFields('dependency', d);
        return Object.keys(fields).length === 0 ? d.to : { service: d.to, ...fields };
      });
    if (dependsOn.length > 0) spec.dependsOn = dependsOn;
    documents.push({ apiVersion: API_VERSION, kind: 'Service', metadata, spec });
  }
  return documents;
}

/** Documents as one multi-document YAML text. */
export function documentsToYaml(documents: readonly Document[]): string {
  return documents
    .map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}

/** The whole model as YAML, or parties and services in separate texts for an export folder. */
export function modelToYaml(model: Model): { all: string; parties: string; services: string } {
  const documents = modelToDocuments(model);
  return {
    all: documentsToYaml(documents),
    parties: documentsToYaml(documents.filter((d) => d.kind === 'Party')),
    services: documentsToYaml(documents.filter((d) => d.kind === 'Service')),
  };
}
