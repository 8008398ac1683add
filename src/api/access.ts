import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type Principal,
  ROLES,
  type Role,
  TOKEN_SCOPES,
  type TokenScope,
} from '../accounts/roles.js';
import { ForbiddenError } from '../model/errors.js';

export { type Principal, ROLES, type Role, TOKEN_SCOPES, type TokenScope };

/**
 * What a route asks of its caller, declared on every route as `config: { access }`; a route that
 * declares nothing cannot be registered (deny by default).
 * - `public`: anyone, signed in or not (health, login, public status pages).
 * - `read`: any signed-in user; tokens with read, write or admin scope.
 * - `owner`: may write what it owns: editors and admins anything; any user the services their
 *   teams provide (the handler checks the resource with `assertCanEditService`); write and admin
 *   tokens.
 * - `write`: editors and admins; write and admin tokens.
 * - `ingest`: tokens with ingest or admin scope; editors and admins.
 * - `admin`: admins; admin tokens.
 */
export const ACCESS_LEVELS = ['public', 'read', 'owner', 'write', 'ingest', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

function roleAtLeast(role: Role, least: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[least];
}

/** Whether a caller may reach a route of the given access; undefined means not signed in. */
export function checkAccess(
  principal: Principal | undefined,
  access: Access,
): 'ok' | 'unauthenticated' | 'forbidden' {
  if (access === 'public') return 'ok';
  if (!principal) return 'unauthenticated';
  if (principal.kind === 'token') {
    const has = (scope: TokenScope) => principal.scopes.includes(scope);
    // A token never exceeds its creator's role, whatever its scopes say.
    const allowed: Record<Exclude<Access, 'public'>, boolean> = {
      read: has('read') || has('write') || has('admin'),
      owner: (has('write') || has('admin')) && roleAtLeast(principal.role, 'viewer'),
      write: (has('write') || has('admin')) && roleAtLeast(principal.role, 'editor'),
      ingest: has('ingest') || (has('admin') && roleAtLeast(principal.role, 'admin')),
      admin: has('admin') && roleAtLeast(principal.role, 'admin'),
    };
    return allowed[access] ? 'ok' : 'forbidden';
  }
  const allowed: Record<Exclude<Access, 'public'>, boolean> = {
    read: true,
    owner: true,
    write: roleAtLeast(principal.role, 'editor'),
    ingest: roleAtLeast(principal.role, 'editor'),
    admin: roleAtLeast(principal.role, 'admin'),
  };
  return allowed[access] ? 'ok' : 'forbidden';
}

/**
 * For `owner` routes: editors and admins may change any service; others only a service that one
 * of their teams provides, both before and after the change (no handing a service to another team
 * to escape the rule, nor taking one over).
 */
export function assertCanEditService(
  principal: Principal | undefined,
  providers: readonly (string | undefined)[],
): void {
  if (!principal) throw new ForbiddenError('sign in to change services');
  if (roleAtLeast(principal.role, 'editor')) return;
  for (const provider of providers) {
    if (provider === undefined || !principal.teams.includes(provider)) {
      throw new ForbiddenError(
        provider === undefined
          ? 'only editors may change a service that no team provides'
          : `only editors and members of '${provider}' may change the services '${provider}' provides`,
      );
    }
  }
}

/** The audit actor for a request: the principal's id, or `anonymous`. */
export function actorOf(request: FastifyRequest): { id: string } {
  return { id: request.principal?.id ?? 'anonymous' };
}

/** Finds out who is asking (from a session cookie or a token); undefined when nobody is signed in. */
export type Authenticate = (request: FastifyRequest) => Promise<Principal | undefined>;

/**
 * Deny by default: every route must declare its access (registration fails otherwise), and every
 * request is checked against it before its handler runs.
 */
export function enforceAccess(app: FastifyInstance, authenticate: Authenticate): void {
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access || !(ACCESS_LEVELS as readonly string[]).includes(access)) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access (config.access): refused`,
      );
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return; // 404s: no route, nothing to protect
    request.principal = await authenticate(request);
    const verdict = checkAccess(request.principal, access);
    if (verdict === 'unauthenticated') {
      return reply.status(401).send({
        error: {
          code: 'unauthenticated',
          message: 'sign in or send an API token (Authorization: Bearer …)',
        },
      });
    }
    if (verdict === 'forbidden') {
      return reply.status(403).send({
        error: {
          code: 'forbidden',
          message: `this needs ${access} access, which ${request.principal?.id} does not have`,
        },
      });
    }
    return undefined;
  });
}
