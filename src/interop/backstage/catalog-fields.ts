import { decodeLinks } from '../../as-code/decode-document.js';
import type { FieldPath, FieldReader } from '../../as-code/field-reader.js';
import type { ParsedDocument } from '../../as-code/yaml-documents.js';
import type { EntityMeta, Lifecycle, Link } from '../../model/entities.js';
import type { CatalogEntity } from './catalog-entity.js';

/**
 * Backstage lifecycles and the Servicechain lifecycle each means. The three well-known ones come
 * first; the rest are common in the wild. Any other value is imported as `live` and kept in the
 * label `backstage.io/lifecycle`.
 */
export const LIFECYCLE_MAP: Readonly<Record<string, Lifecycle>> = {
  production: 'live',
  experimental: 'planned',
  deprecated: 'retired',
  live: 'live',
  ga: 'live',
  stable: 'live',
  development: 'planned',
  alpha: 'planned',
  beta: 'planned',
  planned: 'planned',
  retired: 'retired',
  decommissioned: 'retired',
  'end-of-life': 'retired',
  eol: 'retired',
};

/** The label holding the Backstage reference an entity was imported from. */
export const REF_LABEL = 'backstage.io/entity-ref';
export const TYPE_LABEL = 'backstage.io/type';
export const LIFECYCLE_LABEL = 'backstage.io/lifecycle';

/**
 * The fields every Servicechain entity has, from a Backstage entity's metadata: the title (or
 * `displayName` for people and groups) as the name, description, labels, tags and links. The
 * Backstage reference and `spec.type` are kept as labels. Bad values are reported and left out.
 */
export function readMeta(entity: CatalogEntity, id: string, reader: FieldReader): EntityMeta {
  const { metadata, spec } = entity;
  const profile = reader.map(spec.profile, ['spec', 'profile']) ?? {};
  const displayName = reader.string(profile.displayName, ['spec', 'profile', 'displayName'], 200);
  const title = reader.string(metadata.title, ['metadata', 'title'], 200);
  const labels = reader.stringMap(metadata.labels, ['metadata', 'labels']);
  labels[REF_LABEL] = `${entity.ref.kind}:${entity.ref.namespace}/${entity.ref.name}`;
  const type = reader.string(spec.type, ['spec', 'type'], 50);
  if (type !== undefined) labels[TYPE_LABEL] = type;
  const meta: EntityMeta = {
    id,
    name: (displayName ?? title ?? entity.ref.name).trim() || entity.ref.name,
    labels,
    tags: reader.stringList(metadata.tags, ['metadata', 'tags']),
    links: readLinks(metadata.links, reader),
  };
  const description = reader.string(metadata.description, ['metadata', 'description'], 4000);
  if (description !== undefined) meta.description = description;
  return meta;
}

function readLinks(value: unknown, reader: FieldReader): Link[] {
  return decodeLinks(value, reader, false);
}

/**
 * The document seen through Servicechain's field names, so that a model problem about
 * `spec.provider` points at the Backstage field it came from (`spec.owner`).
 */
export function renamedFields(
  document: ParsedDocument,
  names: Readonly<Record<string, FieldPath>>,
): ParsedDocument {
  return {
    ...document,
    locate(path, atKey) {
      const mapped = names[path.slice(0, 2).join('.')];
      return document.locate(mapped ? [...mapped, ...path.slice(2)] : path, atKey);
    },
  };
}
