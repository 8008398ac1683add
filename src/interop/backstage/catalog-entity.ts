import type { FieldReader } from '../../as-code/field-reader.js';
import type { ParsedDocument } from '../../as-code/yaml-documents.js';
import { describe } from '../../model/impact.js';
import { DEFAULT_NAMESPACE, type EntityRef, nameProblem, namespaceProblem } from './entity-ref.js';

/** The Backstage kinds that become services. */
export const SERVICE_KINDS = ['component', 'api', 'resource', 'system', 'domain'] as const;
/** The Backstage kinds that become parties. */
export const PARTY_KINDS = ['group', 'user'] as const;
/** Kinds read and deliberately left out: they describe the catalog, not services or people. */
export const IGNORED_KINDS = ['location', 'template'] as const;

export type CatalogKind = (typeof SERVICE_KINDS)[number] | (typeof PARTY_KINDS)[number];

const API_VERSION = /^backstage\.io\/v1(alpha1|beta1)$/;

/** One Backstage entity as read from its document, before mapping. */
export interface CatalogEntity {
  kind: CatalogKind;
  ref: EntityRef & { kind: CatalogKind };
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  document: ParsedDocument;
}

export type ReadEntity =
  | { status: 'entity'; entity: CatalogEntity }
  | { status: 'ignored'; kind: string }
  | { status: 'invalid'; ref?: EntityRef };

/**
 * Reads the envelope of one document: `apiVersion`, `kind`, `metadata.name` and
 * `metadata.namespace`. Problems go to `reader` with their paths. A kind that is neither mapped
 * nor known to be left out is a problem too, so nothing disappears without a word.
 */
export function readCatalogEntity(document: ParsedDocument, reader: FieldReader): ReadEntity {
  const envelope = reader.map(document.value, []);
  if (!envelope) {
    if (document.value === null || document.value === undefined)
      reader.report([], 'the document is empty');
    return { status: 'invalid' };
  }
  const apiVersion = reader.string(reader.required(envelope.apiVersion, ['apiVersion']), [
    'apiVersion',
  ]);
  const kindText = reader.string(reader.required(envelope.kind, ['kind']), ['kind'], 100);
  if (kindText === undefined) return { status: 'invalid' };
  const kind = kindText.toLowerCase();
  if ((IGNORED_KINDS as readonly string[]).includes(kind))
    return { status: 'ignored', kind: kindText };
  if (apiVersion !== undefined && !API_VERSION.test(apiVersion))
    reader.report(
      ['apiVersion'],
      `'${apiVersion}' is not a Backstage catalog version (backstage.io/v1alpha1 or v1beta1)`,
    );
  const known = [...SERVICE_KINDS, ...PARTY_KINDS] as readonly string[];
  if (!known.includes(kind)) {
    reader.report(
      ['kind'],
      `kind '${kindText}' is not imported (Component, API, Resource, System, Domain, Group, User; Location and Template are skipped)`,
    );
    return { status: 'invalid' };
  }
  const metadata = reader.map(reader.required(envelope.metadata, ['metadata']), ['metadata']);
  const spec = reader.map(envelope.spec, ['spec']) ?? {};
  if (!metadata) return { status: 'invalid' };
  const name = metadata.name;
  if (typeof name !== 'string') {
    reader.report(
      ['metadata', 'name'],
      name === undefined ? 'is required' : `must be text, not ${describe(name)}`,
    );
    return { status: 'invalid' };
  }
  const namespaceValue = metadata.namespace ?? DEFAULT_NAMESPACE;
  if (typeof namespaceValue !== 'string') {
    reader.report(['metadata', 'namespace'], `must be text, not ${describe(namespaceValue)}`);
    return { status: 'invalid' };
  }
  const namespace = namespaceValue.toLowerCase();
  const ref = { kind: kind as CatalogKind, namespace, name };
  let valid = apiVersion !== undefined && API_VERSION.test(apiVersion);
  const badName = nameProblem(name);
  if (badName) reader.report(['metadata', 'name'], badName);
  const badNamespace = namespaceProblem(namespaceValue);
  if (badNamespace) reader.report(['metadata', 'namespace'], badNamespace);
  valid &&= !badName && !badNamespace;
  if (!valid) return { status: 'invalid', ref };
  return { status: 'entity', entity: { kind: kind as CatalogKind, ref, metadata, spec, document } };
}

export function isServiceKind(kind: string): kind is (typeof SERVICE_KINDS)[number] {
  return (SERVICE_KINDS as readonly string[]).includes(kind);
}
