import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Accounts } from '../../accounts/accounts.js';
import { hashSecret } from '../../accounts/secrets.js';
import { userView } from '../../accounts/types.js';
import { ForbiddenError } from '../../model/errors.js';
import { ApiError } from '../errors.js';
import { clearedSessionCookie, sessionCookie } from './cookies.js';
import { ErrorReply, LoginBody, LoginReply, MeReply, PasswordBody } from './schemas.js';

const TAGS = ['accounts'];

/** Whether the request reached us over HTTPS (then cookies are marked Secure). */
export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** Sets the session cookie for a new session. */
export function startSession(
  reply: FastifyReply,
  request: FastifyRequest,
  session: { secret: string; expiresAt: string },
): void {
  const maxAge = (Date.parse(session.expiresAt) - Date.now()) / 1000;
  void reply.header('set-cookie', sessionCookie(session.secret, maxAge, isHttps(request)));
}

/** 429 with Retry-After, in whole seconds. */
export function throttled(reply: FastifyReply, retryAfterMs: number): ApiError {
  void reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  return new ApiError(429, 'rate_limited', 'too many wrong passwords; wait and try again');
}

/** POST /api/v1/auth/login and /logout, GET /api/v1/auth/me, PUT /api/v1/auth/password. */
export async function authRoutes(
  app: FastifyInstance,
  { accounts }: { accounts: Accounts },
): Promise<void> {
  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: TAGS,
        summary: 'Sign in with a name and password; sets the session cookie',
        body: LoginBody,
        response: { 200: LoginReply, 401: ErrorReply, 429: ErrorReply },
      },
    },
    async (request, reply) => {
      const { name, password } = request.body;
      const result = await accounts.signIn(name, password, request.ip);
      if (!result.ok) {
        if (result.reason === 'throttled') throw throttled(reply, result.retryAfterMs);
        throw new ApiError(401, 'invalid_credentials', 'the name or the password is not right');
      }
      startSession(reply, request, result);
      void reply.header('cache-control', 'no-store');
      return {
        user: userView(result.user),
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: TAGS, summary: 'End the browser session and clear its cookie' },
    },
    async (request, reply) => {
      if (request.signInSession) await accounts.signOut(request.signInSession.secret);
      void reply.header('set-cookie', clearedSessionCookie(isHttps(request)));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Who is signed in, with the CSRF token of a browser session',
        response: { 200: MeReply },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal) throw new ApiError(401, 'unauthenticated', 'sign in first');
      void reply.header('cache-control', 'no-store');
      return {
        id: principal.id,
        kind: principal.kind,
        role: principal.role,
        teams: [...principal.teams],
        scopes: [...principal.scopes],
        csrfToken: request.signInSession?.csrfToken ?? null,
      };
    },
  );

  app.put<{ Body: Static<typeof PasswordBody> }>(
    '/api/v1/auth/password',
    {
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Change your own password; ends your other sessions',
        body: PasswordBody,
        response: { 400: ErrorReply, 403: ErrorReply },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind !== 'user')
        throw new ForbiddenError('only a signed-in user changes their own password');
      const keep = request.signInSession && hashSecret(request.signInSession.secret);
      await accounts.changeOwnPassword(
        principal.id.slice('user:'.length),
        request.body.current,
        request.body.password,
        request.ip,
        keep,
      );
      return reply.status(204).send();
    },
  );
}
