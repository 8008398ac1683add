import type { FastifyRequest } from 'fastify';
import type { Authenticate } from '../access.js';

/**
 * For senders that cannot set a header (some webhook configurations): on routes of `ingest`
 * access only, a `?token=…` in the URL counts as `Authorization: Bearer …`. Everywhere else a
 * token in a URL is ignored, since URLs end up in logs and browser histories (the server's
 * logger hides `token` parameters).
 */
export function acceptQueryToken(authenticate: Authenticate): Authenticate {
  return (request: FastifyRequest) => {
    if (
      request.headers.authorization === undefined &&
      request.routeOptions.config.access === 'ingest'
    ) {
      const token = (request.query as Record<string, unknown> | undefined)?.token;
      if (typeof token === 'string' && token !== '')
        request.headers.authorization = `Bearer ${token}`;
    }
    return authenticate(request);
  };
}
