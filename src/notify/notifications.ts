import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { StatusRuntime } from '../runtime/status-runtime.js';
import type { Store } from '../store/store.js';
import {
  type EventNames,
  emailChannel,
  type MailSettings,
  slackChannel,
  webhookChannel,
} from './channels.js';
import { type NotifyConfig, notifyConfigFromEnv } from './config.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.js';
import { type NotifyEvent, servicesOf } from './events.js';
import { Notifier, type PageLookup } from './notifier.js';
import { OutboundClient, type Resolver } from './outbound/outbound-client.js';
import { SecretBox } from './secret-box.js';
import { loadServerKey } from './server-key.js';
import { Subscriptions } from './subscriptions.js';

export interface NotificationsDeps {
  store: Store;
  runtime: StatusRuntime;
  config: NotifyConfig;
  /** The 32-byte server key (loadServerKey). */
  serverKey: Buffer;
  /** For the links in mails when the configuration names no public URL. */
  publicUrl: string;
  /** Finds a status page (default: the store's, read when an event arrives). */
  statusPage?: PageLookup;
  /** Tests inject these. */
  clock?: () => number;
  random?: () => number;
  resolve?: Resolver;
  mailTransport?: MailSettings['transport'];
  onError?: (error: unknown) => void;
  worker?: Partial<Pick<DeliveryWorkerOptions, 'retry' | 'leaseMs' | 'batch'>>;
  /**
   * Whether this process is the one that notifies status changes: with several server instances
   * on one database, only the leader does (every instance's engine makes the same transitions).
   */
  leading?: () => boolean;
}

/** Notifications wired together: what the server starts, and what the API uses. */
export interface Notifications {
  notifier: Notifier;
  subscriptions: Subscriptions;
  worker: DeliveryWorker;
  box: SecretBox;
  /**
   * Whether mail can go out (an SMTP server or a transport is configured): without it an address
   * could never confirm, so status pages offer no sign-up form.
   */
  mail: boolean;
  /**
   * Queues an incident or maintenance event for its subscribers. Never rejects: a write that
   * happened stays done if its news cannot be queued; the failure goes to `onError`.
   */
  announce(event: NotifyEvent): Promise<void>;
  /** Whether this instance tells what no single request causes (status changes, maintenance starting). */
  leading(): boolean;
  stop(): Promise<void>;
}

/**
 * Builds the notifier, the subscriptions and the worker over one store and one outbound client,
 * and listens to the runtime's transitions. Call `worker.start()` to send on a timer as well as
 * right after each event.
 */
export function createNotifications(deps: NotificationsDeps): Notifications {
  const { store, runtime, config } = deps;
  const box = new SecretBox(deps.serverKey);
  const client = new OutboundClient({
    policy: config.policy,
    ...(deps.resolve && { resolve: deps.resolve }),
  });
  const names = serviceNames(store);
  const transport =
    deps.mailTransport ??
    (config.smtp &&
      nodemailer.createTransport({
        host: config.smtp.host,
        port: config.smtp.port,
        secure: config.smtp.secure,
        ...(config.smtp.user && {
          auth: { user: config.smtp.user, pass: config.smtp.password ?? '' },
        }),
      }));
  const statusPage: PageLookup =
    deps.statusPage ?? (async (slug) => (await store.getStatusPage(slug))?.entity);
  const mail: MailSettings | undefined = transport && {
    transport,
    from: config.smtp?.from ?? 'Servicechain <servicechain@localhost>',
    publicUrl: config.publicUrl ?? deps.publicUrl,
  };
  const worker = new DeliveryWorker({
    store,
    statusPage,
    channels: {
      webhook: webhookChannel(client, box),
      slack: slackChannel(client, box, names),
      email: emailChannel(mail, box, names),
    },
    disableAfter: config.disableAfter,
    ...(deps.clock && { clock: deps.clock }),
    ...(deps.random && { random: deps.random }),
    ...(deps.onError && { onError: deps.onError }),
    ...deps.worker,
  });
  const onQueued = () => worker.kick();
  const notifier = new Notifier({
    store,
    debounceMs: config.debounceMs,
    onQueued,
    ...(deps.clock && { clock: deps.clock }),
    statusPage,
  });
  const subscriptions = new Subscriptions({
    store,
    box,
    client,
    onQueued,
    knownService: (id) => runtime.engine.has(id),
    knownPage: async (slug) => (await store.getStatusPage(slug)) !== undefined,
    ...(deps.clock && { clock: deps.clock }),
  });
  runtime.onTransitions((transitions) => {
    if (deps.leading?.() === false) return;
    notifier.notifyTransitions(transitions).catch((error: unknown) => deps.onError?.(error));
  });
  const leading = () => deps.leading?.() !== false;
  const announce = async (event: NotifyEvent) => {
    await notifier.notify(event).catch((error: unknown) => deps.onError?.(error));
  };
  return {
    notifier,
    subscriptions,
    worker,
    box,
    mail: mail !== undefined,
    announce,
    leading,
    stop: () => worker.stop(),
  };
}

/**
 * An announce that tells only while this instance leads: for news no single request causes
 * (maintenance starting and ending), which every instance's scheduler sees; exactly one of them
 * must tell it.
 */
export function leaderOnly(
  notifications: Pick<Notifications, 'announce' | 'leading'>,
): (event: NotifyEvent) => Promise<void> {
  return async (event) => {
    if (notifications.leading()) await notifications.announce(event);
  };
}

/**
 * The display names of an event's services: a page's names when it is told in a page's terms,
 * else the model's, read from the store when a message is made.
 */
function serviceNames(store: Store): EventNames {
  return async (event) => {
    if ('terms' in event && event.terms) {
      const shown = new Map(Object.entries(event.terms.names));
      return (key) => shown.get(key) ?? key;
    }
    const names = new Map<string, string>();
    for (const id of servicesOf(event)) names.set(id, (await store.getService(id))?.name ?? id);
    return (id) => names.get(id) ?? id;
  };
}

/**
 * For an app built without notifications (tests, tools): the strict outbound rules, no mail
 * server, and a key that lives as long as the process.
 */
export function unconfiguredNotifications(store: Store, runtime: StatusRuntime): Notifications {
  return createNotifications({
    store,
    runtime,
    config: notifyConfigFromEnv({}),
    serverKey: randomBytes(32),
    publicUrl: 'http://localhost',
  });
}

/**
 * Notifications as the server runs them: settings from the environment, the server key from
 * SERVICECHAIN_SECRET_KEY or the data folder's key file, and the worker on a timer. Throws an
 * Error naming the setting it cannot use.
 */
export function startNotifications(options: {
  store: Store;
  runtime: StatusRuntime;
  dataDir: string;
  env: Readonly<Record<string, string | undefined>>;
  publicUrl: string;
  onError: (error: unknown) => void;
  leading?: () => boolean;
}): Notifications {
  const config = notifyConfigFromEnv(options.env);
  const notifications = createNotifications({
    store: options.store,
    runtime: options.runtime,
    config,
    serverKey: loadServerKey(options.dataDir, config.secretKey).key,
    publicUrl: options.publicUrl,
    onError: options.onError,
    ...(options.leading && { leading: options.leading }),
  });
  notifications.worker.start();
  notifications.worker.kick();
  return notifications;
}
