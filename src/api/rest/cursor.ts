import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors.js';

/** Where the previous page ended: the sort key and id of its last item. */
export interface CursorPosition {
  key: string | number | null;
  id: string;
}

/**
 * Opaque, tamper-evident list cursors: the position, bound to the query it belongs to (filters
 * and sort), signed with HMAC-SHA256. A cursor from another query, another server secret, or
 * altered in any byte is refused with a 400 rather than silently giving a wrong page.
 */
export class CursorCodec {
  private readonly secret: Buffer;

  /** `secret`: share one between server instances so that their cursors work on each other. */
  constructor(secret?: string) {
    this.secret = secret ? Buffer.from(secret) : randomBytes(32);
  }

  encode(query: string, position: CursorPosition): string {
    const payload = Buffer.from(
      JSON.stringify({ q: queryHash(query), k: position.key, i: position.id }),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position, or an ApiError (400 invalid_cursor) when the cursor is not one this query gave out. */
  decode(query: string, cursor: string): CursorPosition {
    const [payload, signature, extra] = cursor.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined)
      throw invalid('it is not a cursor this server gave out');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw invalid('it is not a cursor this server gave out, or it was altered');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      q: string;
      k: string | number | null;
      i: string;
    };
    if (decoded.q !== queryHash(query))
      throw invalid('it belongs to a list with other filters or another sort');
    return { key: decoded.k, id: decoded.i };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }
}

function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('base64url').slice(0, 12);
}

function invalid(reason: string): ApiError {
  return new ApiError(400, 'invalid_cursor', `the cursor is not valid: ${reason}`, [
    { path: 'querystring.cursor', message: reason },
  ]);
}
