import { stableJson } from '../../as-code/canonical.js';
import {
  API_VERSION,
  type DecodedDocument,
  decodeDocument,
} from '../../as-code/decode-document.js';
import { type FieldPath, FieldReader, formatPath } from '../../as-code/field-reader.js';
import type { Dependency, Party, Service, Subscription } from '../../model/entities.js';
import { InputError } from '../../model/errors.js';
import { describe } from '../../model/impact.js';
import { didYouMean } from '../../model/suggest.js';
import type { FieldDetail } from '../errors.js';

const METADATA_FIELDS = new Set(['id', 'name', 'description', 'labels', 'tags', 'links']);

/** Where a body's own fields came from in the document the decoder reads, and back. */
type PathMap = (path: FieldPath) => FieldPath;

/** `metadata.name` and `spec.provider` are `name` and `provider` in an API body. */
const flatten: PathMap = (path) =>
  path[0] === 'metadata' || path[0] === 'spec' ? path.slice(1) : path;

function asObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new InputError(`the ${what} must be a JSON object, not ${describe(body)}`, [
      { path: '', message: `must be an object, not ${describe(body)}` },
    ]);
  return body as Record<string, unknown>;
}

function fail(what: string, details: FieldDetail[]): never {
  const first = details[0] as FieldDetail;
  const where = first.path ? `${first.path}: ` : '';
  throw new InputError(
    details.length === 1
      ? `the ${what} has a problem: ${where}${first.message}`
      : `the ${what} has ${details.length} problems; the first: ${where}${first.message}`,
    details,
  );
}

function decode(document: unknown, map: PathMap, what: string, extra: FieldDetail[]) {
  const reader = new FieldReader();
  const decoded = decodeDocument(document, reader);
  const details = [
    ...extra,
    ...reader.problems.map((p) => ({ path: formatPath(map(p.path)), message: p.message })),
  ];
  if (details.length > 0 || !decoded) fail(what, details);
  return decoded;
}

/**
 * Checks the id a body gives against the one its address gives, and read-only relation fields
 * against their current values: a body read with GET may be sent back as it is, but a relation
 * is changed through its own resource, never silently ignored.
 */
function checkFixedFields(
  body: Record<string, unknown>,
  fixed: Record<string, unknown>,
  readOnly: Record<string, { current: unknown; where: string }>,
): FieldDetail[] {
  const details: FieldDetail[] = [];
  for (const [field, value] of Object.entries(fixed)) {
    if (body[field] !== undefined && value !== undefined && body[field] !== value)
      details.push({
        path: field,
        message: `'${String(body[field])}' does not match '${String(value)}' in the address (renaming is not supported)`,
      });
  }
  for (const [field, { current, where }] of Object.entries(readOnly)) {
    if (body[field] !== undefined && stableJson(body[field]) !== stableJson(current))
      details.push({
        path: field,
        message: `is read-only here; change it through ${where}`,
      });
  }
  return details;
}

/** Service relation fields, read-only in a service body. */
export type ServiceRelations = Record<'dependsOn' | 'dependencyOf' | 'consumedBy', unknown>;

/**
 * A service body (the written form, flat) decoded exactly as a model file's Service document,
 * every problem reported with its field path (an InputError, 400).
 */
export function decodeServiceBody(
  value: unknown,
  id: string | undefined,
  relations: ServiceRelations,
): Service {
  const body = asObject(value, 'service');
  const extra = checkFixedFields(
    body,
    { id },
    {
      dependsOn: { current: relations.dependsOn, where: '/api/v1/dependencies' },
      dependencyOf: { current: relations.dependencyOf, where: '/api/v1/dependencies' },
      consumedBy: { current: relations.consumedBy, where: '/api/v1/subscriptions' },
    },
  );
  const document = envelope('Service', body, id, Object.keys(relations));
  const decoded = decode(document, flatten, 'service', extra);
  return (decoded as Extract<DecodedDocument, { kind: 'Service' }>).service;
}

/** Party relation fields, read-only in a party body. */
export type PartyRelations = Record<'provides' | 'consumes' | 'members', unknown>;

/** A party body decoded exactly as a model file's Party document. */
export function decodePartyBody(
  value: unknown,
  id: string | undefined,
  relations: PartyRelations,
): Party {
  const body = asObject(value, 'party');
  const extra = checkFixedFields(
    body,
    { id },
    {
      provides: { current: relations.provides, where: '/api/v1/services (provider)' },
      consumes: { current: relations.consumes, where: '/api/v1/subscriptions' },
      members: { current: relations.members, where: '/api/v1/parties (parent)' },
    },
  );
  const document = envelope('Party', body, id, Object.keys(relations));
  const decoded = decode(document, flatten, 'party', extra);
  return (decoded as Extract<DecodedDocument, { kind: 'Party' }>).party;
}

function envelope(
  kind: 'Service' | 'Party',
  body: Record<string, unknown>,
  id: string | undefined,
  skip: readonly string[],
) {
  const metadata: Record<string, unknown> = {};
  const spec: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (skip.includes(field)) continue;
    (METADATA_FIELDS.has(field) ? metadata : spec)[field] = value;
  }
  if (metadata.id === undefined && id !== undefined) metadata.id = id;
  return { apiVersion: API_VERSION, kind, metadata, spec };
}

function unknownFields(body: Record<string, unknown>, allowed: readonly string[]): FieldDetail[] {
  return Object.keys(body)
    .filter((field) => !allowed.includes(field))
    .map((field) => ({
      path: field,
      message: `unknown field '${field}'${didYouMean(field, allowed)}`,
    }));
}

const DEPENDENCY_FIELDS = ['from', 'to', 'impact', 'weight', 'note'];

/**
 * A dependency body (`from`, `to`, `impact`, `weight`, `note`), decoded as the `dependsOn` entry
 * of a model file would be. `key` gives `from` and `to` when the address names them.
 */
export function decodeDependencyBody(
  value: unknown,
  key: { from: string; to: string } | undefined,
): Dependency {
  const body = asObject(value, 'dependency');
  const extra = [
    ...unknownFields(body, DEPENDENCY_FIELDS),
    ...checkFixedFields(body, { from: key?.from, to: key?.to }, {}),
  ];
  const entry: Record<string, unknown> = { service: body.to ?? key?.to };
  for (const field of ['impact', 'weight', 'note'])
    if (body[field] !== undefined) entry[field] = body[field];
  const document = {
    apiVersion: API_VERSION,
    kind: 'Service',
    metadata: { id: body.from ?? key?.from },
    spec: { dependsOn: [entry] },
  };
  const map: PathMap = (path) => {
    if (path[0] === 'metadata') return ['from'];
    if (path[0] === 'spec' && path[1] === 'dependsOn' && path.length > 3)
      return path[3] === 'service' ? ['to', ...path.slice(4)] : path.slice(3);
    return [];
  };
  const decoded = decode(document, map, 'dependency', extra) as Extract<
    DecodedDocument,
    { kind: 'Service' }
  >;
  const dependency = decoded.dependencies[0];
  if (!dependency) fail('dependency', [{ path: 'to', message: 'is required' }]);
  return dependency.value;
}

const SUBSCRIPTION_FIELDS = ['party', 'service', 'slo', 'note'];

/** A subscription body (`party`, `service`, `slo`, `note`), decoded as a `consumes` entry. */
export function decodeSubscriptionBody(
  value: unknown,
  key: { party: string; service: string } | undefined,
): Subscription {
  const body = asObject(value, 'subscription');
  const extra = [
    ...unknownFields(body, SUBSCRIPTION_FIELDS),
    ...checkFixedFields(body, { party: key?.party, service: key?.service }, {}),
  ];
  const entry: Record<string, unknown> = { service: body.service ?? key?.service };
  for (const field of ['slo', 'note']) if (body[field] !== undefined) entry[field] = body[field];
  const document = {
    apiVersion: API_VERSION,
    kind: 'Party',
    metadata: { id: body.party ?? key?.party },
    spec: { kind: 'team', consumes: [entry] },
  };
  const map: PathMap = (path) => {
    if (path[0] === 'metadata') return ['party'];
    if (path[0] === 'spec' && path[1] === 'consumes' && path.length > 3) return path.slice(3);
    return [];
  };
  const decoded = decode(document, map, 'subscription', extra) as Extract<
    DecodedDocument,
    { kind: 'Party' }
  >;
  const subscription = decoded.subscriptions[0];
  if (!subscription) fail('subscription', [{ path: 'service', message: 'is required' }]);
  return subscription.value;
}

/**
 * JSON Merge Patch (RFC 7396): `null` removes a field, objects merge, anything else replaces.
 * The parser has already refused `__proto__` and `constructor` keys.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
