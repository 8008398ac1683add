import { randomBytes } from 'node:crypto';
import { ConflictError, InputError, NotFoundError, type Problem } from '../model/errors.js';
import { isValidId } from '../model/ids.js';
import type { Actor, Store } from '../store/store.js';
import { sealContext } from './channels.js';
import { NOTIFY_EVENT_TYPES, type NotifyEventType } from './events.js';
import { readLinkToken } from './link-tokens.js';
import type { OutboundClient } from './outbound/outbound-client.js';
import { OutboundError, redactUrl } from './outbound/outbound-error.js';
import type { SecretBox } from './secret-box.js';
import type {
  Delivery,
  StoredSubscriber,
  Subscriber,
  SubscriberChange,
  SubscriberKind,
  SubscriberOrigin,
} from './subscriber.js';

/** What a caller gives to subscribe someone. */
export interface SubscriberInput {
  kind: SubscriberKind;
  name?: string;
  /** The webhook or Slack incoming-webhook URL. */
  url?: string;
  /** The email address. */
  email?: string;
  services?: string[];
  page?: string | null;
  /** Default: every event type. */
  events?: NotifyEventType[];
  internal?: boolean;
}

export type SubscriberUpdate = Pick<
  SubscriberInput,
  'name' | 'services' | 'page' | 'events' | 'internal'
> & {
  /** `true` re-enables a disabled subscriber (clearing its failures); `false` disables it. */
  enabled?: boolean;
};

// Deliberately simple: one @, no spaces or angle brackets; the confirmation mail proves the rest.
const EMAIL = /^[^\s@<>()",;]{1,64}@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export interface SubscriptionsOptions {
  store: Store;
  box: SecretBox;
  client: OutboundClient;
  clock?: () => number;
  /** Whether a service id names a service of the model. */
  knownService: (id: string) => boolean;
  /** Whether a status page has this slug; without it, any well-formed slug is taken. */
  knownPage?: (slug: string) => Promise<boolean>;
  /** Told when messages were queued. */
  onQueued?: () => void;
}

/** Subscribing, changing, testing and unsubscribing: the use cases behind the API. */
export class Subscriptions {
  private readonly clock: () => number;

  constructor(private readonly options: SubscriptionsOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Checks and stores a subscriber. A webhook gets a new signing secret, returned here once and
   * never again; an email address starts `pending` and its confirmation link is queued in the
   * same transaction (both or neither: a failure leaves nothing to block a retry). `origin` is
   * the caller's, never the input's: only the page's form makes `sign-up` subscribers. InputError
   * lists every problem, including a target the outbound rules refuse.
   */
  async create(
    input: SubscriberInput,
    actor: Actor,
    origin: SubscriberOrigin = 'api',
  ): Promise<{ subscriber: Subscriber; signingSecret?: string }> {
    const problems = this.checkFields(input, true);
    await this.checkPage(input.page, problems);
    const target = await this.checkTarget(input, problems);
    if (problems.length > 0 || target === undefined)
      throw new InputError(`the subscriber has ${problems.length} problem(s)`, problems);
    const { box, store } = this.options;
    let sealed: string | null = null;
    let signingSecret: string | undefined;
    if (input.kind === 'webhook') {
      signingSecret = `whsec_${randomBytes(24).toString('base64url')}`;
      sealed = box.seal(
        JSON.stringify({ url: target, secret: signingSecret }),
        sealContext('webhook'),
      );
    } else if (input.kind === 'slack')
      sealed = box.seal(JSON.stringify({ url: target }), sealContext('slack'));
    const created = await store.createSubscriber(
      {
        kind: input.kind,
        name: input.name?.trim() || shownTarget(input.kind, target),
        target: shownTarget(input.kind, target),
        sealed,
        services: [...new Set(input.services ?? [])].sort(),
        page: input.page ?? null,
        events: input.events ?? [...NOTIFY_EVENT_TYPES],
        internal: input.internal ?? false,
        state: input.kind === 'email' ? 'pending' : 'active',
        origin,
      },
      actor,
      input.kind === 'email'
        ? { type: 'confirm', event: { type: 'confirm', at: this.clock() }, now: this.clock() }
        : undefined,
    );
    if (input.kind === 'email') this.options.onQueued?.();
    return { subscriber: present(created), ...(signingSecret && { signingSecret }) };
  }

  async list(): Promise<Subscriber[]> {
    return (await this.options.store.listSubscribers()).map(present);
  }

  async get(id: number): Promise<Subscriber> {
    return present(await this.mustGet(id));
  }

  async update(
    id: number,
    update: SubscriberUpdate,
    actor: Actor,
    expectVersion?: number,
  ): Promise<Subscriber> {
    const current = await this.mustGet(id);
    const problems = this.checkFields({ ...update, kind: current.kind }, false);
    const services = update.services ?? current.services;
    const page = update.page === undefined ? current.page : update.page;
    if (services.length === 0 && page === null)
      problems.push({ path: 'services', message: 'give at least one service or a page' });
    if (update.page !== current.page) await this.checkPage(update.page, problems);
    if (problems.length > 0)
      throw new InputError(`the change has ${problems.length} problem(s)`, problems);
    const change: SubscriberChange = {
      ...(update.name !== undefined && { name: update.name.trim() }),
      ...(update.services !== undefined && { services: [...new Set(update.services)].sort() }),
      ...(update.page !== undefined && { page: update.page }),
      ...(update.events !== undefined && { events: update.events }),
      ...(update.internal !== undefined && { internal: update.internal }),
    };
    if (update.enabled === true && current.state === 'disabled') change.state = 'active';
    if (update.enabled === false && current.state !== 'disabled') {
      change.state = 'disabled';
      change.disabledReason = `disabled by ${actor.id}`;
    }
    if (update.enabled === true && current.state === 'pending')
      throw new ConflictError(`subscriber ${id} has not confirmed its address yet`);
    return present(await this.options.store.updateSubscriber(id, change, actor, expectVersion));
  }

  async remove(id: number, actor: Actor, expectVersion?: number): Promise<void> {
    await this.options.store.deleteSubscriber(id, actor, expectVersion);
  }

  /** Queues a test message to one active subscriber, whatever events it asked for. */
  async test(id: number): Promise<Delivery> {
    const subscriber = await this.mustGet(id);
    if (subscriber.state !== 'active')
      throw new ConflictError(
        `subscriber ${id} is ${subscriber.state}: only active subscribers can be tested`,
      );
    return this.queue(id, 'test');
  }

  /** A confirmation link's subscriber, if the token is good and it still waits; nothing changes. */
  async confirmTarget(token: string): Promise<StoredSubscriber | undefined> {
    return this.fromToken(token, 'confirm');
  }

  /** Confirms the address behind a link; false when the link is not (or no longer) good. */
  async confirm(token: string): Promise<boolean> {
    const subscriber = await this.fromToken(token, 'confirm');
    if (!subscriber) return false;
    if (subscriber.state === 'pending')
      await this.options.store.updateSubscriber(
        subscriber.id,
        { state: 'active' },
        {
          id: `system:confirm:${subscriber.id}`,
        },
      );
    return true;
  }

  async unsubscribeTarget(token: string): Promise<StoredSubscriber | undefined> {
    return this.fromToken(token, 'unsubscribe');
  }

  /** Stops every message to the subscriber behind a link; true when the link is good. */
  async unsubscribe(token: string): Promise<boolean> {
    const subscriber = await this.fromToken(token, 'unsubscribe');
    if (!subscriber) return false;
    if (subscriber.state !== 'disabled')
      await this.options.store.updateSubscriber(
        subscriber.id,
        { state: 'disabled', disabledReason: 'unsubscribed by its own link' },
        { id: `system:unsubscribe:${subscriber.id}` },
      );
    return true;
  }

  private async fromToken(
    token: string,
    purpose: 'confirm' | 'unsubscribe',
  ): Promise<StoredSubscriber | undefined> {
    const claims = readLinkToken(this.options.box, token, purpose, this.clock());
    if (!claims) return undefined;
    const subscriber = await this.options.store.getSubscriber(claims.id);
    return subscriber?.createdAt === claims.createdAt ? subscriber : undefined;
  }

  private async queue(id: number, type: 'test'): Promise<Delivery> {
    const [outcome] = await this.options.store.enqueueDeliveries(
      [{ subscriber: id, type, key: null, event: { type, at: this.clock() } }],
      { now: this.clock(), debounceMs: 0 },
    );
    this.options.onQueued?.();
    return (outcome as { delivery: Delivery }).delivery;
  }

  private async mustGet(id: number): Promise<StoredSubscriber> {
    const subscriber = await this.options.store.getSubscriber(id);
    if (!subscriber) throw new NotFoundError(`no subscriber ${id}`);
    return subscriber;
  }

  private checkFields(input: SubscriberInput, creating: boolean): Problem[] {
    const problems: Problem[] = [];
    if (input.name !== undefined && (input.name.trim() === '' || input.name.length > 200))
      problems.push({ path: 'name', message: 'give 1 to 200 characters' });
    for (const [i, service] of (input.services ?? []).entries())
      if (!isValidId(service) || !this.options.knownService(service))
        problems.push({ path: `services[${i}]`, message: `no service '${service}'` });
    if (input.page !== undefined && input.page !== null && !isValidId(input.page))
      problems.push({ path: 'page', message: `'${input.page}' is not a page id` });
    if (creating && (input.services ?? []).length === 0 && (input.page ?? null) === null)
      problems.push({ path: 'services', message: 'give at least one service or a page' });
    for (const [i, type] of (input.events ?? []).entries())
      if (!(NOTIFY_EVENT_TYPES as readonly string[]).includes(type))
        problems.push({
          path: `events[${i}]`,
          message: `'${type}' is not one of ${NOTIFY_EVENT_TYPES.join(', ')}`,
        });
    if (input.events?.length === 0)
      problems.push({ path: 'events', message: 'give at least one event type' });
    return problems;
  }

  private async checkPage(page: string | null | undefined, problems: Problem[]): Promise<void> {
    if (page === undefined || page === null || !isValidId(page) || !this.options.knownPage) return;
    if (!(await this.options.knownPage(page)))
      problems.push({ path: 'page', message: `no status page '${page}'` });
  }

  /** The target, checked: an address for mail, a URL the outbound rules allow for the others. */
  private async checkTarget(
    input: SubscriberInput,
    problems: Problem[],
  ): Promise<string | undefined> {
    if (input.kind === 'email') {
      if (input.email === undefined || !EMAIL.test(input.email)) {
        problems.push({ path: 'email', message: 'give an email address such as ops@example.com' });
        return undefined;
      }
      if (input.url !== undefined)
        problems.push({ path: 'url', message: 'an email subscriber has no url' });
      return input.email;
    }
    if (input.url === undefined) {
      problems.push({ path: 'url', message: `a ${input.kind} subscriber needs a url` });
      return undefined;
    }
    if (input.email !== undefined)
      problems.push({ path: 'email', message: `a ${input.kind} subscriber has no email` });
    try {
      await this.options.client.check(input.url);
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      problems.push({ path: 'url', message: error.message });
      return undefined;
    }
    return input.url;
  }
}

/** How a target may be shown: a Slack URL's origin only; a webhook URL without user info. */
function shownTarget(kind: SubscriberKind, target: string): string {
  if (kind === 'email') return target;
  if (kind === 'slack') return redactUrl(target);
  const url = new URL(target);
  url.username = '';
  url.password = '';
  return url.toString();
}

export function present(subscriber: StoredSubscriber): Subscriber {
  const { sealed: _sealed, ...shown } = subscriber;
  return shown;
}
