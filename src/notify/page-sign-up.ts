import { ConflictError, NotFoundError } from '../model/errors.js';
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
 * starts again with a new link; its old links stop working. The store holds one sign-up per page
 * and address, so posts of one address at the same moment make one subscriber and send one mail:
 * those that lose the race end as if the address had been known. InputError for an address that
 * is not one.
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
  const create = () =>
    input.subscriptions.create({ kind: 'email', email, page: input.page }, actor, 'sign-up');
  // Checked (InputError) before anything known is removed: the store refuses a second sign-up
  // (ConflictError) only once the input has passed every check.
  if (await madeUnlessTaken(create)) return;
  // An earlier sign-up holds the place (unsubscribed, or its link expired): it is replaced. What
  // an editor made is not the form's to remove.
  const earlier = known.filter((subscriber) => subscriber.origin === 'sign-up');
  if (earlier.length === 0) return; // another post of the address made it meanwhile
  for (const subscriber of earlier) {
    try {
      await input.store.deleteSubscriber(subscriber.id, actor);
    } catch (error) {
      // Another post of the address replaced it meanwhile.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  await madeUnlessTaken(create);
}

/** Makes the sign-up: false when the page already has one of the address (nothing made). */
async function madeUnlessTaken(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}
