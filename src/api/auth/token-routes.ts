import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Accounts } from '../../accounts/accounts.js';
import { tokenView } from '../../accounts/types.js';
import { ForbiddenError, NotFoundError } from '../../model/errors.js';
import { actorOf } from '../access.js';
import {
  ErrorReply,
  NewTokenBody,
  NewTokenReply,
  TokenList,
  TokenParams,
  TokenQuery,
  TokenView,
} from './schemas.js';

const TAGS = ['accounts'];
const READ = { access: 'read' } as const;

/** The user a request acts as: the signed-in user, or the user a token acts for. */
async function callerName(accounts: Accounts, request: FastifyRequest): Promise<string> {
  const principal = request.principal;
  if (principal?.kind === 'user') return principal.id.slice('user:'.length);
  if (principal?.kind === 'token') {
    const token = await accounts.store.getToken(principal.id.slice('token:'.length));
    if (token) return token.user;
  }
  throw new ForbiddenError('sign in first');
}

function isAdmin(request: FastifyRequest): boolean {
  const principal = request.principal;
  return (
    principal?.role === 'admin' && (principal.kind === 'user' || principal.scopes.includes('admin'))
  );
}

/**
 * /api/v1/tokens: everyone manages their own tokens, admins everyone's. A token may mint or
 * revoke tokens only with the admin scope; the secret is in the creation answer alone.
 */
export async function tokenRoutes(
  app: FastifyInstance,
  { accounts }: { accounts: Accounts },
): Promise<void> {
  const assertMayManage = (request: FastifyRequest) => {
    const principal = request.principal;
    if (principal?.kind === 'token' && !principal.scopes.includes('admin'))
      throw new ForbiddenError('only a token with the admin scope may manage tokens');
  };

  app.get<{ Querystring: Static<typeof TokenQuery> }>(
    '/api/v1/tokens',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Your tokens; admins see everyone’s, or one user’s with ?user=',
        querystring: TokenQuery,
        response: { 200: TokenList, 403: ErrorReply },
      },
    },
    async (request) => {
      const me = await callerName(accounts, request);
      const wanted = request.query.user;
      if (!isAdmin(request) && wanted !== undefined && wanted !== me)
        throw new ForbiddenError('only admins list other users’ tokens');
      const tokens = await accounts.store.listTokens(isAdmin(request) ? wanted : me);
      return { items: tokens.map(tokenView), total: tokens.length };
    },
  );

  app.post<{ Body: Static<typeof NewTokenBody> }>(
    '/api/v1/tokens',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Create a token; its secret is shown in this answer only',
        body: NewTokenBody,
        response: { 201: NewTokenReply, 400: ErrorReply, 403: ErrorReply },
      },
    },
    async (request, reply) => {
      assertMayManage(request);
      const me = await callerName(accounts, request);
      const user = request.body.user ?? me;
      if (user !== me && !isAdmin(request))
        throw new ForbiddenError('only admins create tokens for other users');
      const { token, secret } = await accounts.createToken(
        {
          user,
          name: request.body.name,
          scopes: request.body.scopes,
          expiresInDays: request.body.expiresInDays,
        },
        actorOf(request),
      );
      void reply.status(201).header('cache-control', 'no-store');
      return { token: tokenView(token), secret };
    },
  );

  app.delete<{ Params: Static<typeof TokenParams> }>(
    '/api/v1/tokens/:id',
    {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Revoke a token; the very next request with it is refused',
        params: TokenParams,
        response: { 200: TokenView, 403: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => {
      assertMayManage(request);
      const token = await accounts.store.getToken(request.params.id);
      const me = await callerName(accounts, request);
      if (token === undefined || (token.user !== me && !isAdmin(request)))
        throw new NotFoundError(`no token '${request.params.id}'`);
      return tokenView(await accounts.revokeToken(token.id, actorOf(request)));
    },
  );
}
