import type { PageView } from '../../status-pages/page-view.js';
import { pagePath } from './render-html.js';
import { INCIDENT_WORDS } from './wording.js';

/** Whether XML 1.0 can hold a character at all (controls other than tab and newlines cannot). */
function xmlCharacter(c: string): boolean {
  const code = c.codePointAt(0) as number;
  return (
    code === 9 || code === 10 || code === 13 || (code >= 0x20 && code !== 0xfffe && code !== 0xffff)
  );
}

/** Text made safe for XML content and quoted attributes; characters XML cannot hold are dropped. */
export function escapeXml(text: string): string {
  const kept = Array.from(text).every(xmlCharacter)
    ? text
    : Array.from(text).filter(xmlCharacter).join('');
  return kept.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const iso = (ms: number) => new Date(ms).toISOString();

interface Entry {
  id: string;
  title: string;
  updated: number;
  link: string;
  content: string;
}

/**
 * The page's incidents (one entry per update) and maintenance as an Atom feed (RFC 4287). Links
 * are relative to the feed's own address, so the feed never repeats a Host header it was sent.
 */
export function renderPageAtom(view: PageView): string {
  const path = pagePath(view.slug);
  const base = `urn:servicechain:status-page:${view.slug}`;
  const entries: Entry[] = [];
  for (const incident of [...view.activeIncidents, ...view.pastIncidents]) {
    const count = incident.updates.length;
    incident.updates.forEach((update, i) => {
      entries.push({
        id: `${base}:incident:${incident.ref}:${count - i}`,
        title: `${incident.title}: ${INCIDENT_WORDS[update.status]}`,
        updated: update.at,
        link: `${path}#incident-${incident.ref}`,
        content: `${update.message}\n\nAffects: ${incident.components.map((c) => c.name).join(', ')}`,
      });
    });
  }
  for (const window of view.maintenance) {
    const state = window.state === 'in_progress' ? 'in progress' : 'scheduled';
    entries.push({
      id: `${base}:maintenance:${window.ref}:${window.start}`,
      title: `${window.title} (${state})`,
      updated: window.start,
      link: `${path}#maintenance-${window.ref}`,
      content: `${iso(window.start)} to ${iso(window.end)}\n\nAffects: ${window.components.map((c) => c.name).join(', ')}${window.description ? `\n\n${window.description}` : ''}`,
    });
  }
  entries.sort((a, b) => b.updated - a.updated || (a.id < b.id ? -1 : 1));
  const updated = entries.reduce((latest, entry) => Math.max(latest, entry.updated), 0);
  const body = entries
    .map(
      (entry) => `<entry>
<id>${escapeXml(entry.id)}</id>
<title type="text">${escapeXml(entry.title)}</title>
<updated>${iso(entry.updated)}</updated>
<link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>
<content type="text">${escapeXml(entry.content)}</content>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${escapeXml(base)}</id>
<title type="text">${escapeXml(view.title)}</title>
<updated>${iso(updated || view.generatedAt)}</updated>
<link rel="alternate" type="text/html" href="${escapeXml(path)}"/>
<link rel="self" type="application/atom+xml" href="${escapeXml(`${path}/feed.atom`)}"/>
<author><name>${escapeXml(view.title)}</name></author>
${body}
</feed>
`;
}
