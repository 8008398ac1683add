import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  InputError,
  NotFoundError,
} from '../model/errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The server could not be reached, or failed. Not a bug of the CLI: like refused input it
 * exits with 1 (an InputError, so the CLI reports it as it reports refusals).
 */
export class RemoteError extends InputError {}

/**
 * Where the CLI's config lives: $XDG_CONFIG_HOME/servicechain/config.json, else
 * ~/.config/servicechain/config.json.
 */
export function configPath(env: Env = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'servicechain', 'config.json');
}

/**
 * The config file: API tokens, per server URL or one for any server:
 * `{ "servers": { "https://sc.example.com": { "token": "…" } }, "token": "…" }`.
 */
export interface CliConfig {
  token?: string;
  servers?: Record<string, { token?: string }>;
}

/**
 * Reads the config file; undefined when there is none. Refuses a file that others may read or
 * write (it holds tokens): its mode must be 0600 or stricter.
 */
export async function readConfig(path: string): Promise<CliConfig | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if ((mode & 0o077) !== 0)
    throw new InputError(
      `${path} holds API tokens but others may read it (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${path}`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InputError(`${path}: expected an object with "token" or "servers"`);
  return parsed as CliConfig;
}

/** A server URL as given, without trailing slashes; refuses what is not http(s). */
export function normalizeServer(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      `--server: '${text}' is not a URL (e.g. https://servicechain.example.com)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError(`--server: '${text}' is not an http or https URL`);
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The token for a server: SERVICECHAIN_TOKEN, else the config file's entry for the server, else
 * its general token. Refuses to send one in clear text to anything but this machine.
 */
export async function tokenFor(server: URL, env: Env = process.env): Promise<string | undefined> {
  let token = env.SERVICECHAIN_TOKEN || undefined;
  if (!token) {
    const config = await readConfig(configPath(env));
    const key = server.href.replace(/\/+$/, '');
    token = config?.servers?.[key]?.token ?? config?.token;
  }
  if (token && server.protocol === 'http:' && !LOOPBACK.has(server.hostname))
    throw new InputError(
      `refusing to send an API token over plain http to ${server.host}: use https, or a server on this machine`,
    );
  return token;
}

/** The API's error shape, as far as a client relies on it. */
interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

/** An error response turned back into the domain error the server started from. */
export function errorFromResponse(status: number, body: unknown): DomainError {
  const error = (body as ErrorBody | undefined)?.error;
  const message = error?.message ?? `the server answered ${status}`;
  const details = error?.details;
  if (status === 404) return new NotFoundError(message, details);
  if (status === 401) return new ForbiddenError(`${message} (set SERVICECHAIN_TOKEN)`);
  if (status === 403) return new ForbiddenError(message);
  if (status === 409 || status === 412 || status === 428)
    return new ConflictError(message, details);
  if (status >= 400 && status < 500) return new InputError(message, details);
  return new RemoteError(`the server failed (${status}): ${message}`);
}

/** A small client of the HTTP API for the CLI's query commands. */
export class RemoteClient {
  constructor(
    readonly server: URL,
    private readonly token: string | undefined,
    private readonly timeoutMs = 60_000,
  ) {}

  /** Connects to `server` with the token from the environment or the config file. */
  static async connect(server: string, env: Env = process.env): Promise<RemoteClient> {
    const url = normalizeServer(server);
    return new RemoteClient(url, await tokenFor(url, env));
  }

  /** GET a JSON answer. */
  async get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    return JSON.parse(await this.request('GET', path, query)) as T;
  }

  /** GET a text answer (YAML), asking for it by `accept`. */
  getText(path: string, accept: string): Promise<string> {
    return this.request('GET', path, {}, undefined, accept);
  }

  /** POST a JSON body, read a JSON answer. */
  async post<T>(path: string, body: unknown): Promise<T> {
    return JSON.parse(await this.request('POST', path, {}, body)) as T;
  }

  /** A JSON call with more headers (If-Match on a conditional write); reads a JSON answer. */
  async send<T>(
    method: 'POST' | 'PUT' | 'PATCH',
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    return JSON.parse(await this.request(method, path, {}, body, 'application/json', headers)) as T;
  }

  private async request(
    method: string,
    path: string,
    query: Record<string, string | undefined>,
    body?: unknown,
    accept = 'application/json',
    extraHeaders: Record<string, string> = {},
  ): Promise<string> {
    const url = new URL(`${this.server.pathname.replace(/\/+$/, '')}${path}`, this.server);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, value);
    const headers: Record<string, string> = { ...extraHeaders, accept };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new RemoteError(
        `cannot reach ${this.server.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      );
    }
    const text = await response.text();
    if (response.ok) return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    throw errorFromResponse(response.status, parsed);
  }
}
