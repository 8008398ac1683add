import { timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../../notify/secret-box.js';
import { escapeHtml as e } from '../auth/escape-html.js';
import { pagePath } from './render-html.js';
import { STATUS_PAGE_CSS_HASH } from './stylesheet.js';

/** How long a page's sign-up form may be sent after its token's time. */
export const FORM_VALID_MS = 24 * 3600 * 1000;
/**
 * A token's time is the start of its hour: every rendering within the hour carries the same
 * token, so an unchanged page keeps its ETag (a 304) for the hour, and a form is good for 23 to
 * 24 hours after it was served.
 */
export const FORM_STEP_MS = 3600 * 1000;
/** A form from a clock a little ahead still counts. */
const SKEW_MS = 60_000;
/** The longest address the form takes (RFC 5321's path limit). */
export const EMAIL_MAX = 254;

/**
 * The sign-up form's token: when the page was made (the start of that hour, FORM_STEP_MS) and
 * for which page, signed with the server key. No session stands behind an anonymous form, so this
 * is what shows a post came from a form this server served for this page, lately; the browser's
 * Sec-Fetch-Site says the rest.
 */
export function formToken(box: SecretBox, slug: string, now: number): string {
  const issued = (now - (now % FORM_STEP_MS)).toString(36);
  return `${issued}.${box.sign(`status-page sign-up\n${slug}\n${issued}`).toString('base64url')}`;
}

export function formTokenValid(box: SecretBox, slug: string, token: string, now: number): boolean {
  const [issued = '', signature = '', extra] = token.split('.');
  if (extra !== undefined || !/^[0-9a-z]{1,12}$/.test(issued)) return false;
  const given = Buffer.from(signature, 'base64url');
  const expected = box.sign(`status-page sign-up\n${slug}\n${issued}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const at = Number.parseInt(issued, 36);
  return at <= now + SKEW_MS && now - at <= FORM_VALID_MS;
}

/**
 * Whether the browser says the post came from another site. Browsers send Sec-Fetch-Site on
 * every request; `same-origin` is a form of ours, `none` one the user typed. (Origin cannot
 * tell: under the pages' no-referrer policy a browser sends `Origin: null`.)
 */
export function crossSite(secFetchSite: string | string[] | undefined): boolean {
  return (
    typeof secFetchSite === 'string' && secFetchSite !== 'same-origin' && secFetchSite !== 'none'
  );
}

/** The form at the foot of a public page: an address, and nothing that runs. */
export function renderSignUpForm(slug: string, token: string, problem?: string): string {
  const error = problem
    ? `<p class="form-error" id="sign-up-error" role="alert">${e(problem)}</p>`
    : '';
  const described = problem ? 'sign-up-note sign-up-error' : 'sign-up-note';
  return `<section class="sign-up" aria-labelledby="sign-up-heading"><h2 id="sign-up-heading">Get notified</h2>
<p id="sign-up-note">Incidents, maintenance and status changes of these services by email. We first send a link to confirm the address; every message has a link to unsubscribe.</p>${error}
<form method="post" action="${pagePath(slug)}/subscribe"><input type="hidden" name="token" value="${e(token)}">
<label for="sign-up-email">Email address</label>
<input id="sign-up-email" name="email" type="email" required maxlength="${EMAIL_MAX}" autocomplete="email" aria-describedby="${described}">
<button type="submit">Subscribe</button></form></section>`;
}

/** A small page in the status pages' style, for what the form answers. */
export function renderFormAnswer(
  title: string,
  slug: string,
  heading: string,
  body: string,
): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(heading)}: ${e(title)}</title>
<link rel="stylesheet" href="/status/page.css?v=${STATUS_PAGE_CSS_HASH}">
<link rel="icon" href="/ui/favicon.svg" type="image/svg+xml"></head>
<body><header><p class="branding">${e(title)}</p></header>
<main><h1>${e(heading)}</h1>
${body}
<p><a href="${pagePath(slug)}">Back to the status page</a></p></main></body>
</html>
`;
}
