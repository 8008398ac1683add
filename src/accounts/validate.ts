import { InputError, type Problem } from '../model/errors.js';
import { idProblem } from '../model/ids.js';
import { ROLES, type Role, TOKEN_SCOPES, type TokenScope } from './roles.js';

/** User names: lower-case letters, digits, `.`, `_`, `-` and `@`, so an e-mail address fits. */
export const USER_NAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,62}$/;
/** Token names: printable, no control or bidirectional characters, 1 to 100 characters. */
const TOKEN_NAME_PATTERN = /^[\p{L}\p{N}\p{P}\p{S} ]{1,100}$/u;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

export function userNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'a user name must be a string';
  if (!USER_NAME_PATTERN.test(name))
    return `user name '${name.slice(0, 64)}' is not valid: use 1 to 63 lower-case letters, digits, '.', '_', '-' or '@', starting with a letter or digit`;
  return undefined;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (TOKEN_SCOPES as readonly string[]).includes(value);
}

/** Problems with a team list: each a party id, no repeats. */
export function teamProblems(teams: readonly unknown[], path = 'teams'): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  teams.forEach((team, i) => {
    const problem = typeof team === 'string' ? idProblem(team) : 'a team is a party id';
    if (problem !== undefined) problems.push({ path: `${path}[${i}]`, message: problem });
    else if (seen.has(team as string))
      problems.push({ path: `${path}[${i}]`, message: `team '${team}' is listed twice` });
    seen.add(team as string);
  });
  return problems;
}

export function tokenNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !TOKEN_NAME_PATTERN.test(name) || BIDI.test(name))
    return 'a token name is 1 to 100 printable characters';
  if (name.trim() !== name) return 'a token name does not start or end with a space';
  return undefined;
}

/**
 * The scopes a user of `role` may give a token: viewers read (and write what their teams own),
 * editors also ingest, admins everything. A token never acts beyond its creator's role anyway;
 * this keeps tokens from promising what they cannot do.
 */
export function scopesAllowedFor(role: Role): readonly TokenScope[] {
  if (role === 'admin') return TOKEN_SCOPES;
  if (role === 'editor') return ['read', 'write', 'ingest'];
  return ['read', 'write'];
}

/** Throws InputError listing every problem, each with its field path. */
export function throwIfProblems(problems: readonly Problem[], what: string): void {
  if (problems.length > 0)
    throw new InputError(
      `${what}: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`,
      problems,
    );
}
