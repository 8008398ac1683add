import type { Described } from './describe.js';

/** Slack's mrkdwn treats these three as control characters; everything else is text. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An incoming-webhook message: `text` for notifications and old clients, `blocks` to show. */
export function slackBody(described: Described, at: number): string {
  const text = slackEscape(described.title);
  return JSON.stringify({
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: described.title.slice(0, 150) } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: described.lines.map(slackEscape).join('\n') || text },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Servicechain · ${new Date(at).toISOString()}` }],
      },
    ],
  });
}
