/** An API error as the server sends it (docs/api.md, "Errors"). */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Expected failures are values: the UI shows them, it never throws them at React. */
export type ApiResult<T> =
  | { ok: true; value: T; etag: string | null; status: number }
  | { ok: false; error: ApiError };

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as is, with this content type (YAML uploads); otherwise `body` goes as JSON. */
  text?: { content: string; type: string };
  ifMatch?: string;
  accept?: string;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** The session's CSRF token, from sign-in or /auth/me; sent on every unsafe request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Told when the API answers 401: the session ended, the UI asks to sign in again. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function headersFor(options: RequestOptions): Headers {
  const headers = new Headers({ accept: options.accept ?? 'application/json' });
  const method = options.method ?? 'GET';
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  if (options.ifMatch) headers.set('if-match', options.ifMatch);
  if (options.text) headers.set('content-type', options.text.type);
  else if (options.body !== undefined)
    headers.set(
      'content-type',
      method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
    );
  return headers;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: Omit<ApiError, 'status'> };
    if (body.error) return { status: response.status, ...body.error };
  } catch {
    // not JSON: fall through to a generic message
  }
  return {
    status: response.status,
    code: 'http_error',
    message: `the server answered ${response.status} ${response.statusText}`.trim(),
  };
}

/** One API call under /api/v1: JSON in and out, the CSRF header, errors as values. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers: headersFor(options),
      body: options.text
        ? options.text.content
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
      credentials: 'same-origin',
      // Live data: never from the HTTP cache. (An entity's ETag covers its own fields, not the
      // relations shown with it, so a revalidated copy can hold stale dependencies.)
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    return {
      ok: false,
      error: { status: 0, code: 'network', message: 'the server cannot be reached' },
    };
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401) for (const listener of unauthenticatedListeners) listener();
    return { ok: false, error };
  }
  const type = response.headers.get('content-type') ?? '';
  const value = (
    response.status === 204
      ? undefined
      : type.includes('json')
        ? await response.json()
        : await response.text()
  ) as T;
  return { ok: true, value, etag: response.headers.get('etag'), status: response.status };
}

/** Every page of a list, following `nextCursor`; stops at the first error. */
export async function apiAll<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T[]>> {
  const items: T[] = [];
  let cursor: string | null = null;
  const join = path.includes('?') ? '&' : '?';
  do {
    const page: ApiResult<{ items: T[]; nextCursor: string | null }> = await api(
      `${path}${join}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { signal },
    );
    if (!page.ok) return page;
    items.push(...page.value.items);
    cursor = page.value.nextCursor;
  } while (cursor);
  return { ok: true, value: items, etag: null, status: 200 };
}

/** Encodes one path segment. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Deletes what `path` names, with If-Match set to the version read just before, so a change
 * made meanwhile by someone else is refused (412) rather than lost.
 */
export async function deleteCurrent(path: string): Promise<ApiResult<unknown>> {
  const current = await api(path);
  if (!current.ok) return current;
  return api(path, { method: 'DELETE', ifMatch: current.etag ?? '*' });
}

/** A merge patch of what `path` names, against the version read just before (If-Match). */
export async function patchCurrent<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  const current = await api<T>(path);
  if (!current.ok) return current;
  return api<T>(path, { method: 'PATCH', body, ifMatch: current.etag ?? '*' });
}
