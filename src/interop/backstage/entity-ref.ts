import { idProblem } from '../../model/ids.js';

/** A Backstage entity reference, `[kind:][namespace/]name`, with kind and namespace filled in. */
export interface EntityRef {
  /** Lower case; undefined when neither the text nor the field gives one. */
  kind?: string;
  /** Lower case. */
  namespace: string;
  name: string;
}

export const DEFAULT_NAMESPACE = 'default';

/** Backstage's rule for names: sequences of letters and digits joined by `-`, `_` or `.`. */
const NAME = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;
/** Backstage's rule for namespaces: a DNS label. */
const NAMESPACE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/** Why a name is not a valid Backstage entity name, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 63)
    return `name '${name}' must be 1 to 63 characters long`;
  if (!NAME.test(name))
    return `name '${name}' is not a Backstage name: letters and digits, joined by '-', '_' or '.'`;
  return undefined;
}

/** Why a namespace is not valid, or undefined. */
export function namespaceProblem(namespace: string): string | undefined {
  if (namespace.length > 63 || !NAMESPACE.test(namespace.toLowerCase()))
    return `namespace '${namespace}' is not a Backstage namespace: lower-case letters and digits joined by '-', at most 63`;
  return undefined;
}

/**
 * Parses a reference as Backstage does: the kind before the first `:`, the namespace before the
 * first `/`; what the text leaves out comes from `defaults` (the field's default kind, the
 * referring entity's namespace). Kind and namespace compare case-insensitively, so they are
 * lower-cased.
 */
export function parseEntityRef(
  text: string,
  defaults: { kind?: string; namespace: string },
): { ok: true; ref: EntityRef } | { ok: false; error: string } {
  let rest = text.trim();
  let kind = defaults.kind;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    kind = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    if (!KIND.test(kind)) return { ok: false, error: `'${text}': '${kind}' is not a kind` };
  }
  let namespace = defaults.namespace;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    namespace = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
    const problem = namespaceProblem(namespace);
    if (problem) return { ok: false, error: `'${text}': ${problem}` };
  }
  const problem = nameProblem(rest);
  if (problem) return { ok: false, error: `'${text}': ${problem}` };
  const ref: EntityRef = { namespace: namespace.toLowerCase(), name: rest };
  if (kind !== undefined) ref.kind = kind.toLowerCase();
  return { ok: true, ref };
}

/** `kind:namespace/name`, lower case: the key Backstage itself knows an entity by. */
export function refKey(ref: EntityRef): string {
  return `${ref.kind ?? ''}:${ref.namespace}/${ref.name}`.toLowerCase();
}

/**
 * The Servicechain id of an entity: its name in lower case, prefixed with `namespace.` unless
 * the namespace is `default`. Undefined (with the reason) when that is no valid id.
 */
export function idOfRef(ref: EntityRef): { id: string } | { error: string } {
  const name = ref.name.toLowerCase();
  const id = ref.namespace === DEFAULT_NAMESPACE ? name : `${ref.namespace}.${name}`;
  const problem = idProblem(id);
  return problem ? { error: `gives ${problem}` } : { id };
}
