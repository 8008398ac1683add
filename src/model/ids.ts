/** Ids are slugs: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/**
 * The key two names collide on: Unicode compatibility normalisation and case folding, so that
 * `Cafe\u0301`, `Café` and `CAFÉ` are one name.
 */
export function collisionKey(value: string): string {
  return value.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Why `value` is not a valid id, or undefined when it is. */
export function idProblem(value: string): string | undefined {
  if (value.length === 0) return 'id is empty';
  if (value.length > 63)
    return `id '${value.slice(0, 20)}…' is ${value.length} characters long (63 at most)`;
  if (!ID_PATTERN.test(value)) {
    return `id '${value}' is not a slug: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit`;
  }
  return undefined;
}
