import type { Transporter } from 'nodemailer';
import type { NotifyEvent } from './events.js';
import { describeEvent, type ServiceNames } from './formats/describe.js';
import { emailContent } from './formats/email.js';
import { slackBody } from './formats/slack.js';
import { webhookBody } from './formats/webhook.js';
import { linkToken } from './link-tokens.js';
import type { OutboundClient } from './outbound/outbound-client.js';
import { OutboundError } from './outbound/outbound-error.js';
import type { SecretBox } from './secret-box.js';
import { signatureHeader } from './signature.js';
import type { StoredSubscriber, SubscriberKind } from './subscriber.js';

/** One message to one subscriber, as a channel sends it. */
export interface Message {
  delivery: number;
  subscriber: StoredSubscriber;
  event: NotifyEvent;
  now: number;
}

/** `permanent`: trying again cannot help (a refused address, no mail server): give up now. */
export type SendResult =
  | { ok: true; responseStatus: number | null }
  | { ok: false; responseStatus: number | null; error: string; permanent: boolean };

export type Channel = (message: Message) => Promise<SendResult>;

/** The display names of an event's services, looked up when a message is made. */
export type EventNames = (event: NotifyEvent) => Promise<ServiceNames>;

/** What is sealed for each kind: where to send, and the webhook's signing secret. */
export interface SealedTarget {
  url: string;
  secret?: string;
}

/** The sealing context binds a box to its kind, so a Slack box cannot pass for a webhook's. */
export function sealContext(kind: SubscriberKind): string {
  return `subscriber:${kind}`;
}

export function openTarget(box: SecretBox, subscriber: StoredSubscriber): SealedTarget {
  if (subscriber.sealed === null)
    throw new Error(`subscriber ${subscriber.id} has no sealed target`);
  return JSON.parse(box.open(subscriber.sealed, sealContext(subscriber.kind))) as SealedTarget;
}

async function post(
  client: OutboundClient,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<SendResult> {
  try {
    const response = await client.request({
      url,
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Servicechain-Notify/1',
        ...headers,
      },
    });
    if (response.status >= 200 && response.status < 300)
      return { ok: true, responseStatus: response.status };
    return {
      ok: false,
      responseStatus: response.status,
      error: `the receiver answered HTTP ${response.status}`,
      permanent: false,
    };
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    return {
      ok: false,
      responseStatus: null,
      error: error.message,
      permanent: error.code === 'blocked' || error.code === 'bad_url',
    };
  }
}

export function webhookChannel(client: OutboundClient, box: SecretBox): Channel {
  return async ({ delivery, subscriber, event, now }) => {
    const target = openTarget(box, subscriber);
    const body = webhookBody(delivery, event);
    return post(client, target.url, body, {
      'x-servicechain-signature': signatureHeader(target.secret ?? '', body, now),
      'x-servicechain-delivery': String(delivery),
      'x-servicechain-event': event.type,
    });
  };
}

export function slackChannel(client: OutboundClient, box: SecretBox, names: EventNames): Channel {
  return async ({ subscriber, event }) =>
    post(
      client,
      openTarget(box, subscriber).url,
      slackBody(describeEvent(event, await names(event)), event.at),
      {},
    );
}

export interface MailSettings {
  transport: Pick<Transporter, 'sendMail'>;
  from: string;
  /** Where this server is reached from outside, for the links in mails. */
  publicUrl: string;
}

/** The links of a subscriber's mails, on this server's public address. */
export function mailLinks(
  box: SecretBox,
  publicUrl: string,
  subscriber: StoredSubscriber,
  now: number,
): { unsubscribe: string; confirm: string } {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    unsubscribe: `${base}/notify/unsubscribe?token=${linkToken(box, 'unsubscribe', subscriber, now)}`,
    confirm: `${base}/notify/confirm?token=${linkToken(box, 'confirm', subscriber, now)}`,
  };
}

export function emailChannel(
  settings: MailSettings | undefined,
  box: SecretBox,
  names: EventNames,
): Channel {
  return async ({ subscriber, event, now }) => {
    if (!settings)
      return {
        ok: false,
        responseStatus: null,
        error: 'no SMTP server is configured (SERVICECHAIN_SMTP_HOST)',
        permanent: true,
      };
    const links = mailLinks(box, settings.publicUrl, subscriber, now);
    const content = emailContent(
      describeEvent(event, await names(event)),
      event.type === 'confirm' ? { confirm: links.confirm } : { unsubscribe: links.unsubscribe },
    );
    try {
      await settings.transport.sendMail({
        from: settings.from,
        to: subscriber.target,
        ...content,
        // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs here.
        ...(event.type === 'confirm'
          ? {}
          : {
              headers: {
                'List-Unsubscribe': `<${links.unsubscribe}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              },
            }),
      });
      return { ok: true, responseStatus: null };
    } catch (error) {
      const smtp = error as { responseCode?: number; message?: string };
      return {
        ok: false,
        responseStatus: smtp.responseCode ?? null,
        error: `SMTP: ${smtp.message ?? String(error)}`,
        // 5xx from the server is a permanent refusal of this address.
        permanent: smtp.responseCode !== undefined && smtp.responseCode >= 500,
      };
    }
  };
}
