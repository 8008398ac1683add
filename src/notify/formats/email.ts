import { escapeHtml } from '../../api/auth/escape-html.js';
import type { Described } from './describe.js';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * A message as mail: plain text and HTML with every value escaped, and the unsubscribe link in
 * both (or the confirmation link, for a confirmation).
 */
export function emailContent(
  described: Described,
  links: { unsubscribe?: string; confirm?: string },
): EmailContent {
  const text = [described.title, '', ...described.lines];
  const html = [
    `<h2 style="font:600 18px system-ui,sans-serif">${escapeHtml(described.title)}</h2>`,
    ...described.lines.map(
      (line) => `<p style="font:15px system-ui,sans-serif">${escapeHtml(line)}</p>`,
    ),
  ];
  if (links.confirm) {
    text.push(
      '',
      `Confirm: ${links.confirm}`,
      '',
      'If you did not ask for this, ignore this message.',
    );
    html.push(
      `<p><a href="${escapeHtml(links.confirm)}">Confirm these notifications</a></p>`,
      '<p style="color:#57606a">If you did not ask for this, ignore this message.</p>',
    );
  }
  if (links.unsubscribe) {
    text.push('', `Unsubscribe: ${links.unsubscribe}`);
    html.push(
      `<p style="color:#57606a;font-size:13px"><a href="${escapeHtml(links.unsubscribe)}">Unsubscribe</a></p>`,
    );
  }
  return {
    subject: described.title.replace(/[\r\n]+/g, ' ').slice(0, 200),
    text: `${text.join('\n')}\n`,
    html: `<!doctype html><html><body>${html.join('\n')}</body></html>`,
  };
}
