import { lookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.js';
import { OutboundError, redactUrl } from './outbound-error.js';

/** Every address a host name has; the system's by default (dns.lookup, all addresses). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

export interface OutboundOptions {
  policy: AddressPolicy;
  resolve?: Resolver;
  /** Until the TCP connection stands (default 5 s). */
  connectTimeoutMs?: number;
  /** For the whole call, redirects included (default 10 s). */
  totalTimeoutMs?: number;
  /** Larger answers are cut and the call fails (default 64 KiB). */
  maxResponseBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
}

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects), redacted. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one way Servicechain calls out over HTTP. Before each connection (the first and every
 * redirect) it resolves the host, refuses it unless every address is allowed by the policy, and
 * connects to the checked address itself: the socket's lookup is pinned to it, so a second DNS
 * answer (rebinding) cannot change where the request goes, while TLS still verifies the host
 * name and the Host header still names it.
 */
export class OutboundClient {
  private readonly resolve: Resolver;
  private readonly connectTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxRedirects: number;

  constructor(private readonly options: OutboundOptions) {
    this.resolve = options.resolve ?? systemResolver;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
    this.maxRedirects = options.maxRedirects ?? 3;
  }

  /**
   * Checks a target without calling it: a URL that parses, http or https, and a host whose
   * addresses are all allowed. Throws an OutboundError saying why not.
   */
  async check(url: string): Promise<void> {
    await this.target(parseUrl(url));
  }

  async request(request: OutboundRequest): Promise<OutboundResponse> {
    const deadline = Date.now() + this.totalTimeoutMs;
    let url = parseUrl(request.url);
    let method = request.method ?? 'GET';
    let body = request.body;
    let headers: Record<string, string> = { ...request.headers };
    for (let redirects = 0; ; redirects++) {
      const address = await this.target(url);
      const answer = await this.send(url, address, method, headers, body, deadline);
      const location = answer.headers.location;
      if (!REDIRECTS.has(answer.status) || location === undefined)
        return { ...answer, url: redactUrl(url) };
      if (redirects >= this.maxRedirects)
        throw new OutboundError(
          'too_many_redirects',
          `more than ${this.maxRedirects} redirects (last from ${redactUrl(url)})`,
        );
      const next = parseUrl(location, url);
      // Credentials are for the origin they were given for.
      if (next.origin !== url.origin) headers = withoutHeader(headers, 'authorization');
      // 303 always, and 301/302 after a POST, as browsers do: the body is not sent again.
      if (
        answer.status === 303 ||
        ((answer.status === 301 || answer.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
        headers = withoutHeader(headers, 'content-type');
      }
      url = next;
    }
  }

  /** The address to connect to, once the host and every address it has are allowed. */
  private async target(url: URL): Promise<{ address: string; family: number }> {
    const host = hostOf(url);
    if (isIP(host) !== 0) {
      this.refuseUnless(host, url);
      return { address: host, family: isIP(host) };
    }
    const named = this.options.policy.checkHost(host);
    if (!named.ok) throw new OutboundError('blocked', `${redactUrl(url)}: ${named.reason}`);
    let addresses: { address: string; family: number }[];
    try {
      addresses = await this.resolve(host);
    } catch (error) {
      throw new OutboundError(
        'dns',
        `${redactUrl(url)}: cannot resolve ${host} (${(error as { code?: string }).code ?? 'error'})`,
      );
    }
    if (addresses.length === 0)
      throw new OutboundError('dns', `${redactUrl(url)}: ${host} has no address`);
    // All of them: a name that also points inside could be made to use that address instead.
    for (const { address } of addresses) this.refuseUnless(address, url);
    return addresses[0] as { address: string; family: number };
  }

  private refuseUnless(address: string, url: URL): void {
    const verdict = this.options.policy.checkAddress(address);
    if (!verdict.ok) throw new OutboundError('blocked', `${redactUrl(url)}: ${verdict.reason}`);
  }

  private send(
    url: URL,
    target: { address: string; family: number },
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    deadline: number,
  ): Promise<Omit<OutboundResponse, 'url'>> {
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      return Promise.reject(new OutboundError('timeout', `${redactUrl(url)}: out of time`));
    const outgoing: OutgoingHttpHeaders = { ...headers, host: url.host };
    if (url.username !== '' || url.password !== '')
      outgoing.authorization = `Basic ${Buffer.from(
        `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
      ).toString('base64')}`;
    if (body !== undefined) outgoing['content-length'] = Buffer.byteLength(body);
    const host = hostOf(url);
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const fail = (code: OutboundError['code'], message: string) =>
        request.destroy(new OutboundError(code, `${redactUrl(url)}: ${message}`));
      const request = (secure ? https : http).request({
        host,
        port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method,
        headers: outgoing,
        agent: false,
        lookup: pinnedLookup(target.address, target.family),
        ...(secure && isIP(host) === 0 ? { servername: host } : {}),
      });
      const total = setTimeout(
        () => fail('timeout', `no complete answer within ${this.totalTimeoutMs} ms`),
        remaining,
      );
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        const connect = setTimeout(
          () => fail('timeout', `no connection within ${this.connectTimeoutMs} ms`),
          this.connectTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(connect));
        socket.once('close', () => clearTimeout(connect));
      });
      request.on('error', (error) => {
        clearTimeout(total);
        reject(
          error instanceof OutboundError
            ? error
            : new OutboundError('network', `${redactUrl(url)}: ${error.message}`),
        );
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes)
            fail('too_large', `answer larger than ${this.maxResponseBytes} bytes`);
          else chunks.push(chunk);
        });
        response.on('error', () => undefined); // the request's error handler reports it
        response.on('end', () => {
          clearTimeout(total);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          });
        });
      });
      request.end(body);
    });
  }
}

function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new OutboundError('bad_url', base ? 'the redirect location is not a URL' : 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundError('bad_url', `${url.protocol} URLs are not allowed: only http and https`);
  return url;
}

/** The host without the brackets an IPv6 literal has in a URL. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));
}

/** A socket lookup that answers the checked address, whatever it is asked (no second DNS query). */
function pinnedLookup(address: string, family: number): LookupFunction {
  return (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, all: { address: string; family: number }[]) => void)(null, [
        { address, family },
      ]);
    else callback(null, address, family);
  };
}
