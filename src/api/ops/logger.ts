import type { IncomingHttpHeaders } from 'node:http';
import { type DestinationStream, type Logger, pino } from 'pino';

/** Headers that carry secrets: their values never reach the log. */
export const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-csrf-token',
] as const;

/** Query parameters whose values are hidden in logged URLs (setup links, tokens). */
const SECRET_PARAMETER = /token|secret|password|passwd|key|code|session|csrf/i;

export const REDACTED = '[Redacted]';

export interface LoggerOptions {
  level: string;
  /** Where the JSON lines go (default standard output). */
  destination?: DestinationStream;
}

/** A URL with the values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const parts = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && SECRET_PARAMETER.test(decodeSafely(name))
        ? `${name}=${REDACTED}`
        : pair;
    });
  return `${url.slice(0, query)}?${parts.join('&')}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Headers as logged: every header, secret ones replaced. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, unknown> {
  const logged: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers))
    logged[name] = (SECRET_HEADERS as readonly string[]).includes(name) ? REDACTED : value;
  return logged;
}

interface LoggedRequest {
  id?: string;
  method?: string;
  url?: string;
  ip?: string;
  headers?: IncomingHttpHeaders;
  socket?: { remotePort?: number };
  principal?: { id: string };
}

/**
 * The server's structured logger: one JSON object a line; requests with their method, URL,
 * address and headers, responses with their status and who asked. Secrets never reach it: the headers in
 * SECRET_HEADERS, secret-looking query parameters, and (belt and braces) the same paths under
 * pino's redaction should anything log a raw request.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      redact: {
        paths: [
          ...SECRET_HEADERS.map((h) => `req.headers["${h}"]`),
          ...SECRET_HEADERS.map((h) => `headers["${h}"]`),
          'res.headers["set-cookie"]',
        ],
        censor: REDACTED,
      },
      serializers: {
        req: (request: LoggedRequest) => ({
          id: request.id,
          method: request.method,
          url: request.url === undefined ? undefined : redactUrl(request.url),
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
          headers: request.headers ? redactHeaders(request.headers) : undefined,
        }),
        res: (reply: { statusCode?: number; request?: LoggedRequest }) => ({
          statusCode: reply.statusCode,
          principal: reply.request?.principal?.id,
        }),
        err: pino.stdSerializers.err,
      },
    },
    options.destination,
  );
}
