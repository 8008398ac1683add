import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * The /docs page may run its own scripts and styles, from this server only: no inline script,
 * no other origin, no framing. Swagger UI sets style attributes, hence 'unsafe-inline' for styles.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Servicechain API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;

const START_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout'
  });
});
`;

/** The Swagger UI files this page serves, from the installed package (never a CDN). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

function assetDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');
}

/**
 * Collects every route's schema into an OpenAPI 3.1 document. Register it before the routes it
 * should describe (its route hook sees only routes added after it).
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Servicechain API',
        version: '1',
        description:
          'Business service management: the chain of services and customers, with live status. Errors are `{ "error": { "code", "message", "details" } }`; writes need If-Match with the ETag read.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token' },
          session: { type: 'apiKey', in: 'cookie', name: 'session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      tags: [
        { name: 'services', description: 'everything delivered to someone' },
        { name: 'parties', description: 'who provides and consumes services' },
        { name: 'dependencies', description: 'service A needs service B' },
        { name: 'subscriptions', description: 'party P consumes service S' },
        { name: 'model', description: 'services as code: validate, plan, apply, export' },
        {
          name: 'incidents',
          description: 'incidents: lifecycle, updates, declared impact on status, postmortems',
        },
        {
          name: 'availability',
          description: 'availability, SLO and error budget per service and per customer',
        },
      ],
    },
  });
}

/** GET /api/v1/openapi.json and the browsable /docs page, both public. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => reply.type('application/json').send(app.swagger()),
  );
  app.get(
    '/docs',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', DOCS_CSP)
        .send(DOCS_PAGE),
  );
  app.get(
    '/docs/start.js',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(START_SCRIPT),
  );
  const directory = assetDirectory();
  const cache = new Map<string, Buffer>();
  for (const [name, type] of Object.entries(ASSETS)) {
    app.get(
      `/docs/${name}`,
      { config: { access: 'public' }, schema: { hide: true } },
      async (_request, reply) => {
        let content = cache.get(name);
        if (!content) {
          content = await readFile(join(directory, name));
          cache.set(name, content);
        }
        return reply.type(type).header('cache-control', 'public, max-age=86400').send(content);
      },
    );
  }
}
