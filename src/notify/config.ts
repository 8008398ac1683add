import { DEFAULT_DISABLE_AFTER } from './delivery-worker.js';
import { DEFAULT_DEBOUNCE_MS } from './notifier.js';
import { AddressPolicy } from './outbound/address-policy.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  /** From SERVICECHAIN_SMTP_PASSWORD only: never stored. */
  password?: string;
  from: string;
}

export interface NotifyConfig {
  policy: AddressPolicy;
  debounceMs: number;
  disableAfter: number;
  /** Where people reach this server, for the links in mails (default: the listening address). */
  publicUrl?: string;
  smtp?: SmtpSettings;
  /** The server key, base64 or hex; else a key file in the data folder. */
  secretKey?: string;
}

/**
 * Notification settings from the environment (docs/notifications.md lists them). Throws an
 * Error naming the variable for a value it cannot read.
 */
export function notifyConfigFromEnv(env: Env): NotifyConfig {
  const config: NotifyConfig = {
    policy: AddressPolicy.fromList(env.SERVICECHAIN_OUTBOUND_ALLOW, 'SERVICECHAIN_OUTBOUND_ALLOW'),
    debounceMs: whole(env, 'SERVICECHAIN_NOTIFY_DEBOUNCE_MS', 0) ?? DEFAULT_DEBOUNCE_MS,
    disableAfter: whole(env, 'SERVICECHAIN_NOTIFY_DISABLE_AFTER', 1) ?? DEFAULT_DISABLE_AFTER,
  };
  const publicUrl = env.SERVICECHAIN_PUBLIC_URL?.trim();
  if (publicUrl) {
    if (!/^https?:\/\/[^/]+/.test(publicUrl))
      throw new Error(`SERVICECHAIN_PUBLIC_URL: '${publicUrl}' is not an http(s) URL`);
    config.publicUrl = publicUrl;
  }
  if (env.SERVICECHAIN_SECRET_KEY) config.secretKey = env.SERVICECHAIN_SECRET_KEY;
  const host = env.SERVICECHAIN_SMTP_HOST?.trim();
  if (host) {
    const secure = env.SERVICECHAIN_SMTP_SECURE === '1' || env.SERVICECHAIN_SMTP_SECURE === 'true';
    const from = env.SERVICECHAIN_SMTP_FROM?.trim();
    if (!from)
      throw new Error('SERVICECHAIN_SMTP_FROM: give the sender address of notification mail');
    config.smtp = {
      host,
      port: whole(env, 'SERVICECHAIN_SMTP_PORT', 1) ?? (secure ? 465 : 587),
      secure,
      from,
      ...(env.SERVICECHAIN_SMTP_USER && { user: env.SERVICECHAIN_SMTP_USER }),
      ...(env.SERVICECHAIN_SMTP_PASSWORD && { password: env.SERVICECHAIN_SMTP_PASSWORD }),
    };
  }
  return config;
}

function whole(env: Env, name: string, least: number): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= least))
    throw new Error(`${name}: '${text}' is not a whole number of ${least} or more`);
  return value;
}
