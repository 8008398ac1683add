import type { Store } from '../store/store.js';
import { CONFIRM_VALID_MS } from './link-tokens.js';
import type { Subscriptions } from './subscriptions.js';

/**
 * Signs an email address up for a status page's notifications, from the page's public form: a
 * pending `sign-up` subscriber and its confirmation mail (double opt-in, queued with it: both or
 * neither), every event type, no internal incidents; it hears nothing while the page is not
 * public (notifier.ts). An address already following the page, or still holding a good confirmation link
 * for it, gets nothing new, so the form cannot be used to flood a mailbox, and its answer is the
 * same whether the address was known or not. One that unsubscribed (or whose link expired)
 * starts again with a new link; its old links stop working. InputError for an address that is
 * not one.
 */
export async function signUpForPage(input: {
  store: Pick<Store, 'listSubscribers' | 'deleteSubscriber'>;
  subscriptions: Pick<Subscriptions, 'create'>;
  email: string;
  page: string;
  now: number;
}): Promise<void> {
  const email = input.email.trim();
  const actor = { id: `system:sign-up:${input.page}` };
  // Only this page's rows for this address (ASCII letters without case), by the store's index.
  const known = await input.store.listSubscribers({
    kind: 'email',
    page: input.page,
    target: email,
  });
  for (const subscriber of known) {
    if (subscriber.state === 'active') return;
    if (subscriber.state === 'pending' && input.now - subscriber.createdAt < CONFIRM_VALID_MS)
      return;
  }
  // Checked (InputError) before anything known is removed.
  const created = await input.subscriptions.create(
    { kind: 'email', email, page: input.page },
    actor,
    'sign-up',
  );
  // Earlier sign-ups of this address are replaced; what an editor made is not the form's to remove.
  for (const subscriber of known)
    if (subscriber.id !== created.subscriber.id && subscriber.origin === 'sign-up')
      await input.store.deleteSubscriber(subscriber.id, actor);
}
