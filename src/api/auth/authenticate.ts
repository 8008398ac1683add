import type { FastifyRequest } from 'fastify';
import type { Accounts } from '../../accounts/accounts.js';
import { constantTimeEqual } from '../../accounts/secrets.js';
import type { Authenticate } from '../access.js';
import { ApiError } from '../errors.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';

/** The CSRF header a cookie-authenticated unsafe request must carry. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request came with a valid session cookie. */
    signInSession?: { secret: string; csrfToken: string };
  }
}

/**
 * Who is asking: a Bearer token (`Authorization: Bearer sc_…`) or else the session cookie. A
 * token that is malformed, unknown, expired or revoked is nobody (401 where access is needed),
 * checked against the store on every request so revocation is immediate. A cookie-authenticated
 * request with an unsafe method must carry the session's CSRF token in X-CSRF-Token (403
 * `csrf_failed` otherwise; on public routes it simply counts as not signed in).
 */
export function createAuthenticate(accounts: Accounts): Authenticate {
  return async (request: FastifyRequest) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer +(\S+) *$/i.exec(authorization);
      return match ? accounts.token(match[1] as string) : undefined;
    }
    const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (secret === undefined || secret === '') return undefined;
    const session = await accounts.session(secret);
    if (session === undefined) return undefined;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, session.csrfToken)) {
        if (request.routeOptions.config.access === 'public') return undefined;
        throw new ApiError(
          403,
          'csrf_failed',
          'a signed-in browser must send its session’s X-CSRF-Token header (see GET /api/v1/auth/me)',
        );
      }
    }
    request.signInSession = { secret, csrfToken: session.csrfToken };
    return session.principal;
  };
}
