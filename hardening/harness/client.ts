import { ADMIN_PASSWORD } from './server-process.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body read as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** How a caller proves who it is: nothing, a token, or a browser session (with or without CSRF). */
export type Credentials =
  | { kind: 'anonymous' }
  | { kind: 'token'; secret: string }
  | { kind: 'session'; cookie: string; csrf: string };

export const ANONYMOUS: Credentials = { kind: 'anonymous' };

export interface Call {
  method?: string;
  body?: unknown;
  /** A raw body, sent as is with its own content type. */
  raw?: { body: string | Uint8Array; type: string };
  headers?: Record<string, string>;
  /** With a session: leave the X-CSRF-Token header out. */
  withoutCsrf?: boolean;
}

/** One request to the server under test, always on 127.0.0.1. */
export async function call(
  base: string,
  path: string,
  credentials: Credentials,
  options: Call = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (credentials.kind === 'token') headers.authorization = `Bearer ${credentials.secret}`;
  if (credentials.kind === 'session') {
    headers.cookie = credentials.cookie;
    if (!options.withoutCsrf) headers['x-csrf-token'] = credentials.csrf;
  }
  let body: string | Uint8Array | undefined;
  if (options.raw) {
    body = options.raw.body;
    headers['content-type'] = options.raw.type;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Signs in with the API's login; the cookie and CSRF token of the new session. */
export async function signIn(
  base: string,
  name: string,
  password: string,
): Promise<Credentials & { kind: 'session' }> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = (await response.json()) as { csrfToken?: string };
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 200 || !cookie || !body.csrfToken)
    throw new Error(`could not sign in ${name}: ${response.status} ${JSON.stringify(body)}`);
  return { kind: 'session', cookie, csrf: body.csrfToken };
}

export function signInAdmin(base: string): Promise<Credentials & { kind: 'session' }> {
  return signIn(base, 'admin', ADMIN_PASSWORD);
}

/** Fails with the answer spelled out unless its status is one of `expected`. */
export function expectStatus(answer: Answer, ...expected: number[]): Answer {
  if (!expected.includes(answer.status))
    throw new Error(
      `expected ${expected.join(' or ')}, got ${answer.status}: ${answer.text.slice(0, 500)}`,
    );
  return answer;
}

/** An admin creates a user with a password and signs them in. */
export async function userSession(
  base: string,
  admin: Credentials,
  user: { name: string; role: 'viewer' | 'editor' | 'admin'; teams?: string[]; password: string },
): Promise<Credentials & { kind: 'session' }> {
  expectStatus(await call(base, '/api/v1/users', admin, { body: user }), 201);
  return signIn(base, user.name, user.password);
}

/** A new API token of the signed-in caller: its id and its secret. */
export async function newToken(
  base: string,
  owner: Credentials,
  scopes: string[],
): Promise<{ id: string; secret: string }> {
  const answer = expectStatus(
    await call(base, '/api/v1/tokens', owner, {
      body: { name: `hardening ${scopes.join(' ')}`, scopes },
    }),
    201,
  );
  const { token, secret } = answer.json as { token: { id: string }; secret: string };
  return { id: token.id, secret };
}
