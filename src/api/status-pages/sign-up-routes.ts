import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import { InputError } from '../../model/errors.js';
import { CONFIRM_VALID_MS } from '../../notify/link-tokens.js';
import { signUpForPage } from '../../notify/page-sign-up.js';
import type { SecretBox } from '../../notify/secret-box.js';
import type { Subscriptions } from '../../notify/subscriptions.js';
import type { Store } from '../../store/store.js';
import { escapeHtml as e } from '../auth/escape-html.js';
import type { StatusPageViews } from './page-views.js';
import { STATUS_PAGE_CSP } from './public-routes.js';
import { renderMissingHtml } from './render-html.js';
import { SlugParams } from './schemas.js';
import {
  crossSite,
  EMAIL_MAX,
  formToken,
  formTokenValid,
  renderFormAnswer,
  renderSignUpForm,
} from './sign-up-form.js';

export interface SignUpRouteDeps {
  views: StatusPageViews;
  store: Store;
  subscriptions: Subscriptions;
  box: SecretBox;
  now: () => number;
  /** Whether mail can be sent; without it every post answers 404 and nothing is stored. */
  mail: boolean;
}

/**
 * Sign-ups per minute from one address: enough for a person who mistyped, too few to use the
 * form as a mail cannon (each address also gets one confirmation per week at most).
 */
export const SIGN_UP_LIMIT = 10;

const HTML = 'text/html; charset=utf-8';

/** The answer to a post when mail cannot be sent: nothing stored. */
const NO_MAIL_TEXT =
  '<p>This status page offers no email sign-up: this server sends no mail. Nothing was stored. Check the page itself, or its feed, for news.</p>';

/** The answer after a good sign-up: the same whether the address was known or not. */
function sentText(email: string): string {
  const days = CONFIRM_VALID_MS / (24 * 3600 * 1000);
  return `<p>Thank you. Unless <strong>${e(email)}</strong> already follows this page, a message with a link to confirm it is on its way there. Nothing else is sent until the link is followed; it works for ${days} days.</p>
<p>Every message has a link to unsubscribe.</p>`;
}

/**
 * The sign-up form's target, `POST /status/<slug>/subscribe` (public pages only): a form
 * token from the page (signed, at most a day old) and an email address become a pending email
 * subscriber of the page and its confirmation mail (double opt-in). Rate-limited per address.
 * With no mail server configured, pages show no form and this answers 404 (no link could reach
 * anyone, and a pending subscriber would block the address for a week).
 */
export async function statusPageSignUpRoutes(
  app: FastifyInstance,
  deps: SignUpRouteDeps,
): Promise<void> {
  const { views, box } = deps;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, text, done) => {
      const form = new URLSearchParams(text as string);
      done(null, { email: form.get('email') ?? '', token: form.get('token') ?? '' });
    },
  );

  app.post<{ Params: Static<typeof SlugParams> }>(
    '/status/:slug/subscribe',
    {
      config: { access: 'public', rateLimit: { max: SIGN_UP_LIMIT } },
      schema: {
        tags: ['status-pages'],
        summary: "Sign up for a public status page's notifications by email",
        description:
          'The form at the foot of a public page (application/x-www-form-urlencoded: `email`, `token`). Answers an HTML page that reads the same whether or not the address was known; a confirmation link goes out unless the address follows the page already or holds a good link. `404` for a page that is not public, and for every page when the server has no mail server configured (the pages then show no form).',
        params: SlugParams,
        response: {
          200: {
            description: 'an HTML page',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      void reply
        .header('content-security-policy', STATUS_PAGE_CSP)
        .header('cache-control', 'no-store');
      const page = await views.page(slug);
      if (page?.entity.audience.kind !== 'public')
        return reply.status(404).type(HTML).send(renderMissingHtml());
      const now = deps.now();
      const { title } = page.entity;
      if (!deps.mail)
        return reply
          .status(404)
          .type(HTML)
          .send(renderFormAnswer(title, slug, 'No sign-up here', NO_MAIL_TEXT));
      const body = (request.body ?? {}) as { email?: unknown; token?: unknown };
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      const token = typeof body.token === 'string' ? body.token : '';
      const again = (status: number, problem: string): FastifyReply =>
        reply
          .status(status)
          .type(HTML)
          .send(
            renderFormAnswer(
              title,
              slug,
              'Subscribe',
              renderSignUpForm(slug, formToken(box, slug, now), problem),
            ),
          );
      if (crossSite(request.headers['sec-fetch-site']) || !formTokenValid(box, slug, token, now))
        return again(
          403,
          'This form is too old or did not come from this page: nothing was done. Please send it again.',
        );
      if (email === '' || email.length > EMAIL_MAX)
        return again(400, 'Give an email address, such as name@example.com.');
      try {
        await signUpForPage({
          store: deps.store,
          subscriptions: deps.subscriptions,
          email,
          page: slug,
          now,
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return again(
          400,
          `'${email}' is not an email address we can send to, such as name@example.com.`,
        );
      }
      return reply
        .status(200)
        .type(HTML)
        .send(renderFormAnswer(title, slug, 'Check your inbox', sentText(email)));
    },
  );
}
