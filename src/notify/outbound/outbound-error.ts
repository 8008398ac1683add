/** Why an outbound call did not get an answer; the message never holds the URL's secrets. */
export type OutboundErrorCode =
  | 'bad_url'
  | 'blocked'
  | 'dns'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'network';

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

/**
 * A URL as logs and delivery records may show it: scheme, host and port only. Paths and queries
 * often are the credential (a Slack incoming-webhook URL is one), and user info always is.
 */
export function redactUrl(url: string | URL): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    const rest = parsed.pathname !== '/' || parsed.search !== '' ? '/…' : '/';
    return `${parsed.protocol}//${parsed.host}${rest}`;
  } catch {
    return '(not a URL)';
  }
}
