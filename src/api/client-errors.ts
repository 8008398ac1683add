import type { Socket } from 'node:net';

/**
 * What the HTTP server answers a request it cannot read at all (headers over its size limit,
 * headers too slow to arrive, bytes that are not HTTP), before any route or hook sees it: the
 * API's error shape with a code, as every other refusal, and the connection closed (what came
 * after the bad bytes cannot be trusted to start a request). Written to the socket by hand, as
 * there is no request to answer through.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'request_timeout', 'the request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            'headers_too_large',
            'the request headers are over the server limit of 16 KiB',
          ]
        : [400, 'Bad Request', 'bad_request', `the request is not valid HTTP (${describe(error)})`];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

/** The parser's code (HPE_INVALID_METHOD and the like) names the problem; nothing of the bytes. */
function describe(error: Error & { code?: string }): string {
  return typeof error.code === 'string' && /^[A-Z_]{1,40}$/.test(error.code)
    ? error.code
    : 'unreadable';
}
