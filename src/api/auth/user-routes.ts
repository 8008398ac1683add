import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Accounts } from '../../accounts/accounts.js';
import { userView } from '../../accounts/types.js';
import { NotFoundError } from '../../model/errors.js';
import { actorOf } from '../access.js';
import { expectedVersion, userTag } from './http-error.js';
import {
  ErrorReply,
  IfMatchHeaders,
  NameParams,
  NewUserBody,
  UserList,
  UserPatchBody,
  UserView,
} from './schemas.js';

const TAGS = ['accounts'];
const ADMIN = { access: 'admin' } as const;

/** /api/v1/users: admins manage users, roles and team membership; writes need If-Match. */
export async function userRoutes(
  app: FastifyInstance,
  { accounts }: { accounts: Accounts },
): Promise<void> {
  const existing = async (name: string) => {
    const user = await accounts.store.getUser(name);
    if (user === undefined) throw new NotFoundError(`no user '${name}'`);
    return user;
  };

  app.get(
    '/api/v1/users',
    {
      config: ADMIN,
      schema: { tags: TAGS, summary: 'List users by name', response: { 200: UserList } },
    },
    async () => {
      const users = await accounts.store.listUsers();
      return { items: users.map(userView), total: users.length };
    },
  );

  app.post<{ Body: Static<typeof NewUserBody> }>(
    '/api/v1/users',
    {
      config: ADMIN,
      schema: {
        tags: TAGS,
        summary: 'Create a user (without a password they cannot sign in yet)',
        body: NewUserBody,
        response: { 201: UserView, 400: ErrorReply, 409: ErrorReply },
      },
    },
    async (request, reply) => {
      const user = await accounts.createUser(request.body, actorOf(request));
      void reply
        .status(201)
        .header('etag', userTag(user))
        .header('location', `/api/v1/users/${encodeURIComponent(user.name)}`);
      return userView(user);
    },
  );

  app.get<{ Params: Static<typeof NameParams> }>(
    '/api/v1/users/:name',
    {
      config: ADMIN,
      schema: {
        tags: TAGS,
        summary: 'One user, with its ETag',
        params: NameParams,
        response: { 200: UserView, 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const user = await existing(request.params.name);
      void reply.header('etag', userTag(user));
      return userView(user);
    },
  );

  app.patch<{
    Params: Static<typeof NameParams>;
    Body: Static<typeof UserPatchBody>;
    Headers: Static<typeof IfMatchHeaders>;
  }>(
    '/api/v1/users/:name',
    {
      config: ADMIN,
      schema: {
        tags: TAGS,
        summary: 'Change a user’s role, teams, password or disabled flag (needs If-Match)',
        params: NameParams,
        headers: IfMatchHeaders,
        body: UserPatchBody,
        response: { 200: UserView, 400: ErrorReply, 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request, reply) => {
      const name = request.params.name;
      const before = await existing(name);
      const version = expectedVersion(request.headers['if-match'], before, `user '${name}'`);
      const user = await accounts.updateUser(name, request.body, actorOf(request), version);
      void reply.header('etag', userTag(user));
      return userView(user);
    },
  );

  app.delete<{ Params: Static<typeof NameParams>; Headers: Static<typeof IfMatchHeaders> }>(
    '/api/v1/users/:name',
    {
      config: ADMIN,
      schema: {
        tags: TAGS,
        summary: 'Delete a user with their sessions and tokens (needs If-Match)',
        params: NameParams,
        headers: IfMatchHeaders,
        response: { 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request, reply) => {
      const name = request.params.name;
      const before = await existing(name);
      const version = expectedVersion(request.headers['if-match'], before, `user '${name}'`);
      await accounts.deleteUser(name, actorOf(request), version);
      return reply.status(204).send();
    },
  );
}
