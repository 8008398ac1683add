import type { DayFigure } from '../../status-pages/daily-uptime.js';
import type {
  ComponentView,
  IncidentView,
  MaintenanceView,
  PageView,
} from '../../status-pages/page-view.js';
import { escapeHtml as e } from '../auth/escape-html.js';
import { STATUS_PAGE_CSS_HASH } from './stylesheet.js';
import {
  formatDay,
  formatPercent,
  formatTime,
  INCIDENT_WORDS,
  OVERALL_WORDS,
  STATUS_WORDS,
} from './wording.js';

/** Where a page lives; its slug is a slug (no markup), but it is escaped anyway. */
export function pagePath(slug: string): string {
  return `/status/${encodeURIComponent(slug)}`;
}

function time(ms: number): string {
  return `<time datetime="${new Date(ms).toISOString()}">${formatTime(ms)}</time>`;
}

function names(components: readonly { name: string }[]): string {
  return components.map((c) => e(c.name)).join(', ');
}

function bar(day: DayFigure): string {
  const figure = day.availability === null ? 'all planned' : formatPercent(day.availability);
  const text = `${formatDay(day.day)}: ${figure}, worst ${STATUS_WORDS[day.worst].toLowerCase()}`;
  return `<li class="bar s-${day.worst}" title="${e(text)}"><span class="visually-hidden">${e(text)}</span></li>`;
}

function component(view: ComponentView, days: number): string {
  const causes =
    view.causes.length > 0
      ? `<p class="causes">Affected through: ${view.causes.map(e).join(', ')}</p>`
      : '';
  const figure =
    view.uptimePercent === null
      ? 'No uptime counted'
      : `${formatPercent(view.uptimePercent)} uptime over ${days} days`;
  return `<li class="component s-${view.status}" id="component-${e(view.key)}">
<div class="component-head"><span class="name">${e(view.name)}</span><span class="status-text">${STATUS_WORDS[view.status]}</span></div>${causes}
<div class="uptime"><p class="uptime-figure">${figure}</p>
<ol class="bars" aria-label="${e(`Daily uptime of ${view.name}, oldest first`)}">${view.uptime.map(bar).join('')}</ol>
<div class="bar-legend" aria-hidden="true"><span>${days} days ago</span><span>Today</span></div></div></li>`;
}

function components(view: PageView): string {
  const groups = new Map<string | null, ComponentView[]>();
  for (const c of view.components) {
    const list = groups.get(c.group) ?? [];
    list.push(c);
    groups.set(c.group, list);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : 0));
  const lists = ordered.map(
    ([group, list]) =>
      `${group === null ? '' : `<h3>${e(group)}</h3>`}<ul class="components">${list.map((c) => component(c, view.days)).join('\n')}</ul>`,
  );
  return `<section aria-labelledby="services-heading"><h2 id="services-heading">Services</h2>
${lists.join('\n') || '<p>This page lists no services.</p>'}</section>`;
}

function incident(view: IncidentView): string {
  const updates = view.updates
    .map(
      (u) =>
        `<li><strong>${INCIDENT_WORDS[u.status]}</strong> · ${time(u.at)}<div class="message">${e(u.message)}</div></li>`,
    )
    .join('');
  return `<article class="incident s-${view.impact}" id="incident-${view.ref}" aria-labelledby="incident-${view.ref}-title">
<h3 id="incident-${view.ref}-title">${e(view.title)}</h3>
<p class="meta">${INCIDENT_WORDS[view.status]} · ${STATUS_WORDS[view.impact]} · affects ${names(view.components)}${view.resolvedAt === null ? '' : ` · resolved ${time(view.resolvedAt)}`}</p>
<ol class="updates">${updates}</ol></article>`;
}

function maintenance(view: MaintenanceView): string {
  const state = view.state === 'in_progress' ? 'In progress' : 'Scheduled';
  const description = view.description ? `<div class="message">${e(view.description)}</div>` : '';
  return `<article class="maintenance s-maintenance" id="maintenance-${view.ref}">
<h3>${e(view.title)}</h3>
<p class="meta">${state} · ${time(view.start)} to ${time(view.end)} · affects ${names(view.components)}</p>${description}</article>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${heading}</h2>\n${body}</section>`;
}

/**
 * The page as HTML: complete without JavaScript, every value escaped, styled only by the
 * stylesheet it links (the page's policy allows nothing inline). `signUp` is the sign-up form's
 * markup, for pages that offer one.
 */
export function renderPageHtml(view: PageView, signUp = ''): string {
  const path = pagePath(view.slug);
  const branding = view.branding.trim() ? `<p class="branding">${e(view.branding)}</p>` : '';
  const active =
    view.activeIncidents.length > 0
      ? section('active-heading', 'Active incidents', view.activeIncidents.map(incident).join('\n'))
      : '';
  const planned =
    view.maintenance.length > 0
      ? section('maintenance-heading', 'Maintenance', view.maintenance.map(maintenance).join('\n'))
      : '';
  const past = section(
    'history-heading',
    `Past incidents (${view.days} days)`,
    view.pastIncidents.length > 0
      ? view.pastIncidents.map(incident).join('\n')
      : `<p>No incidents in the last ${view.days} days.</p>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(view.title)}: status</title>
<link rel="stylesheet" href="/status/page.css?v=${STATUS_PAGE_CSS_HASH}">
<link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" title="${e(view.title)}: incidents and maintenance" href="${path}/feed.atom">
</head>
<body>
<header><h1>${e(view.title)}</h1>${branding}</header>
<main>
<section class="overall s-${view.overall}" aria-labelledby="overall-heading">
<h2 id="overall-heading">${OVERALL_WORDS[view.overall]}</h2>
<p class="updated-at">Updated ${time(view.generatedAt)}</p>
</section>
${active}
${planned}
${components(view)}
${past}
${signUp}
</main>
<footer><a href="${path}/feed.atom">Atom feed</a> · <a href="${path}.json">JSON</a></footer>
</body>
</html>
`;
}

/** The answer to a page that does not exist, or that the visitor may not see without signing in. */
export function renderMissingHtml(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>No status page here</title>
<link rel="stylesheet" href="/status/page.css?v=${STATUS_PAGE_CSS_HASH}">
<link rel="icon" href="/ui/favicon.svg" type="image/svg+xml"></head>
<body><main><h1>No status page here</h1>
<p>There is no status page at this address, or it is for signed-in people only: <a href="/ui/">sign in</a> and open it again.</p></main></body>
</html>
`;
}
