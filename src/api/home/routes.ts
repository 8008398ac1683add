import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Service } from '../../model/entities.js';
import { CONVENTIONAL_LABELS } from '../../model/entities.js';
import type { Store } from '../../store/store.js';
import { escapeHtml } from './escape-html.js';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem;text-transform:capitalize}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #d0d7de}
th{font-weight:600}code{font-size:.9em}.muted{color:#57606a}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}th,td{border-color:#30363d}.muted{color:#8d96a0}}`;

/** The style is allowed by its hash, so the page needs no 'unsafe-inline' in its CSP. */
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
export const HOME_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

/** A plain home page listing the services by label, until the web UI arrives. */
export async function homeRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  // Public so that an anonymous browser is sent to the sign-in page rather than shown a 401.
  // A page, not part of the API: left out of the OpenAPI document.
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (!request.principal) return reply.status(303).header('location', '/sign-in').send();
    const services = await store.listServices();
    void reply.header('content-security-policy', HOME_CSP).type('text/html; charset=utf-8');
    return renderHome(services);
  });
}

export function renderHome(services: readonly Service[]): string {
  const byLabel = new Map<string, Service[]>();
  for (const service of services) {
    const list = byLabel.get(service.label) ?? [];
    list.push(service);
    byLabel.set(service.label, list);
  }
  const rank = (label: string) => {
    const index = (CONVENTIONAL_LABELS as readonly string[]).indexOf(label);
    return index < 0 ? CONVENTIONAL_LABELS.length : index;
  };
  const labels = [...byLabel.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const sections = labels.map((label) => {
    const rows = (byLabel.get(label) ?? [])
      .map(
        (s) =>
          `<tr><td><code>${escapeHtml(s.id)}</code></td><td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.provider ?? '')}</td><td>${escapeHtml(s.lifecycle)}</td></tr>`,
      )
      .join('\n');
    return `<h2>${escapeHtml(label)}</h2>\n<table><thead><tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">Lifecycle</th></tr></thead>\n<tbody>${rows}</tbody></table>`;
  });
  const body =
    services.length === 0
      ? '<p>No services yet. Apply a model with <code>servicechain apply PATH</code>.</p>'
      : sections.join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Servicechain</title><style>${STYLE}</style></head>
<body><header><h1>Servicechain</h1><p class="muted">${services.length} services. The API is at <code>/api/v1/services</code>.</p></header>
<main>${body}</main></body></html>`;
}
