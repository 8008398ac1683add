import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AddressPolicy } from '../src/notify/outbound/address-policy.js';
import type { Resolver } from '../src/notify/outbound/outbound-client.js';

/** A webhook receiver on 127.0.0.1 that records requests and answers with `status()`. */
export interface Receiver {
  port: number;
  requests: { headers: IncomingMessage['headers']; body: string }[];
  status: () => number;
  close(): Promise<void>;
}

export async function receiver(status: () => number = () => 200): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const self = { requests, status } as Receiver;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(self.status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.port = (server.address() as AddressInfo).port;
  self.close = () => new Promise((resolve) => server.close(() => resolve()));
  return self;
}

/** A real SMTP server on 127.0.0.1 that keeps every message it receives, raw. */
export async function mailbox(): Promise<{
  port: number;
  messages: string[];
  close(): Promise<void>;
}> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        messages.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Names that only this resolver knows; loopback is the only range the tests allow. */
export function testResolver(table: Record<string, string>): Resolver {
  return async (host) => {
    const address = table[host];
    if (address === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return [{ address, family: 4 }];
  };
}

export const loopbackOnly = () => AddressPolicy.fromList('127.0.0.1/32');

/** Decodes a quoted-printable mail body enough to read links back. */
export function unfoldQuotedPrintable(raw: string): string {
  return raw
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
