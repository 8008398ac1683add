import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCodes } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../model/errors.js';
import { packageRoot } from '../package-root.js';
import {
  errorToResponse,
  invalidModel,
  preconditionFailed,
  preconditionRequired,
} from './errors.js';

/** The rows of docs/api.md's error table, as `status code` (`400 invalid_input`). */
function documentedCodes(): Set<string> {
  const text = readFileSync(join(packageRoot(), 'docs', 'api.md'), 'utf8');
  const section = text.slice(text.indexOf('\n## Errors\n'));
  const rows = section.matchAll(/^\| (\d{3}|4xx) \| `([^`]+)` \|/gm);
  return new Set([...rows].map(([, status, code]) => `${status} ${code}`));
}

/** Every answer errorToResponse gives, as `status code`, the `http_<status>` fallback folded. */
function producedCodes(): Set<string> {
  const errors: unknown[] = [
    new InputError('x'),
    new NotFoundError('x'),
    new ConflictError('x'),
    new ForbiddenError('x'),
    preconditionRequired('x'),
    preconditionFailed('x'),
    invalidModel('x', []),
    new Error('a bug'),
    ...Object.values(errorCodes).map((FastifyError) => new FastifyError('a', 'b', 'c')),
  ];
  for (let status = 400; status < 500; status++)
    errors.push(Object.assign(new Error('x'), { statusCode: status }));
  return new Set(
    errors.map((error) => {
      const { status, body } = errorToResponse(error);
      return body.error.code === `http_${status}`
        ? '4xx http_<status>'
        : `${status} ${body.error.code}`;
    }),
  );
}

describe('the error codes', () => {
  it('lists every code the API maps errors to, with its status, in docs/api.md', () => {
    const documented = documentedCodes();
    const missing = [...producedCodes()].filter((code) => !documented.has(code));
    expect(missing).toEqual([]);
  });
});
