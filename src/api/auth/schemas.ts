import { Type } from 'typebox';
import { ROLES, TOKEN_SCOPES } from '../access.js';

const Role = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'viewer < editor < admin' },
);
const Scope = Type.Union(TOKEN_SCOPES.map((s) => Type.Literal(s)));
const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);
const UserName = Type.String({ minLength: 1, maxLength: 63, examples: ['amy'] });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Teams = Type.Array(Type.String({ maxLength: 63 }), {
  maxItems: 100,
  description: 'ids of the parties (teams) the user belongs to',
});

export const ErrorReply = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

export const UserView = Type.Object(
  {
    name: Type.String(),
    role: Role,
    teams: Type.Array(Type.String()),
    disabled: Type.Boolean(),
    passwordSet: Type.Boolean(),
    passwordUpdatedAt: NullableTime,
    createdAt: Time,
    updatedAt: Time,
  },
  {
    examples: [
      {
        name: 'amy',
        role: 'editor',
        teams: ['sap-team'],
        disabled: false,
        passwordSet: true,
        passwordUpdatedAt: '2026-05-01T10:00:00.000Z',
        createdAt: '2026-05-01T10:00:00.000Z',
        updatedAt: '2026-05-01T10:00:00.000Z',
      },
    ],
  },
);

const TOKEN_EXAMPLE = {
  id: '0f3a9c1b2d4e',
  name: 'ci deploy',
  user: 'amy',
  scopes: ['read', 'write'],
  createdAt: '2026-11-01T08:00:00.000Z',
  expiresAt: '2026-12-01T08:00:00.000Z',
  revokedAt: null,
  lastUsedAt: '2026-11-28T07:59:00.000Z',
};
const USER_EXAMPLE = {
  name: 'amy',
  role: 'editor',
  teams: ['sap-team'],
  disabled: false,
  passwordSet: true,
  passwordUpdatedAt: '2026-05-01T10:00:00.000Z',
  createdAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
};

export const TokenView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    user: Type.String(),
    scopes: Type.Array(Scope),
    createdAt: Time,
    expiresAt: NullableTime,
    revokedAt: NullableTime,
    lastUsedAt: NullableTime,
  },
  { examples: [TOKEN_EXAMPLE] },
);

export const LoginBody = Type.Object(
  { name: UserName, password: Password },
  { additionalProperties: false, examples: [{ name: 'amy', password: 'a long pass phrase' }] },
);

export const LoginReply = Type.Object(
  {
    user: UserView,
    csrfToken: Type.String({ description: 'send as X-CSRF-Token on unsafe requests' }),
    expiresAt: Time,
  },
  { examples: [{ user: USER_EXAMPLE, csrfToken: 'b3f1…', expiresAt: '2026-11-29T08:00:00.000Z' }] },
);

export const MeReply = Type.Object(
  {
    id: Type.String({ examples: ['user:amy', 'token:0f3a9c1b2d4e'] }),
    kind: Type.Union([Type.Literal('user'), Type.Literal('token')]),
    role: Role,
    teams: Type.Array(Type.String()),
    scopes: Type.Array(Scope),
    csrfToken: Type.Union([Type.String(), Type.Null()], {
      description: 'for a browser session; null for a token',
    }),
  },
  {
    examples: [
      {
        id: 'user:amy',
        kind: 'user',
        role: 'editor',
        teams: ['sap-team'],
        scopes: [],
        csrfToken: 'b3f1…',
      },
    ],
  },
);

export const PasswordBody = Type.Object(
  { current: Password, password: Password },
  { additionalProperties: false },
);

export const NameParams = Type.Object({ name: UserName });

export const NewUserBody = Type.Object(
  {
    name: UserName,
    role: Role,
    teams: Type.Optional(Teams),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, examples: [{ name: 'amy', role: 'viewer', teams: ['ops'] }] },
);

export const UserPatchBody = Type.Object(
  {
    role: Type.Optional(Role),
    teams: Type.Optional(Teams),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, examples: [{ role: 'editor' }] },
);

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'the ETag last read' })),
});

export const UserList = Type.Object(
  { items: Type.Array(UserView), total: Type.Integer() },
  { examples: [{ items: [USER_EXAMPLE], total: 1 }] },
);

export const NewTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 4 }),
    expiresInDays: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()], {
        description: 'default 90; null for never',
      }),
    ),
    user: Type.Optional(UserName),
  },
  {
    additionalProperties: false,
    examples: [{ name: 'ci deploy', scopes: ['read', 'write'], expiresInDays: 30 }],
  },
);

export const NewTokenReply = Type.Object(
  {
    token: TokenView,
    secret: Type.String({ description: 'shown once: store it now', examples: ['sc_…'] }),
  },
  { examples: [{ token: TOKEN_EXAMPLE, secret: 'sc_…' }] },
);

export const TokenQuery = Type.Object(
  { user: Type.Optional(UserName) },
  { additionalProperties: false },
);
export const TokenList = Type.Object(
  { items: Type.Array(TokenView), total: Type.Integer() },
  { examples: [{ items: [TOKEN_EXAMPLE], total: 1 }] },
);
export const TokenParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{12}$' }) });
