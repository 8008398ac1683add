import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { isEmptyPlan, planToChanges } from '../../as-code/plan.js';
import { readCatalog } from '../../interop/backstage/import-backstage.js';
import { CSV_KINDS, type CsvKind, modelToCsv } from '../../interop/csv/csv-tables.js';
import { readCsvModel } from '../../interop/csv/import-csv.js';
import { chainGraph } from '../../interop/graph/chain-graph.js';
import { GRAPH_FORMATS, type GraphFormat, renderGraph } from '../../interop/graph/graph-formats.js';
import { type ImportSource, planImport } from '../../interop/import-plan.js';
import type { Model } from '../../model/entities.js';
import { InputError } from '../../model/errors.js';
import { actorOf } from '../access.js';
import { invalidModel } from '../errors.js';
import { READ_ROUTE, type RestContext, WRITE_ROUTE } from '../rest/context.js';
import { ErrorSchema } from '../schemas/common.js';
import { LIMITS } from '../schemas/limits.js';
import { sourcesOf } from './routes.js';
import { PlanSchema } from './schemas.js';

const TAGS = ['model'];
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
const CSV_TYPES = ['text/csv'];

const ImportQuery = Type.Object(
  {
    prune: Type.Optional(
      Type.Boolean({ default: false, description: 'also delete what the import does not mention' }),
    ),
    dryRun: Type.Optional(
      Type.Boolean({ default: false, description: 'plan only; write nothing' }),
    ),
    allowPartial: Type.Optional(
      Type.Boolean({ default: false, description: 'import what is sound; list what was left out' }),
    ),
  },
  { additionalProperties: false },
);

const CsvImportQuery = Type.Object(
  {
    ...ImportQuery.properties,
    kind: Type.Optional(
      Type.Union(
        CSV_KINDS.map((k) => Type.Literal(k)),
        { description: 'the table a text/csv body holds (default services)' },
      ),
    ),
  },
  { additionalProperties: false },
);

const ImportResult = Type.Object(
  {
    applied: Type.Boolean({ description: 'false for a dry run, or when nothing changed' }),
    read: Type.Integer({ description: 'entities read from the input' }),
    skipped: Type.Array(Type.String(), { description: 'read but deliberately not imported' }),
    plan: PlanSchema,
    leftOut: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description: 'problems whose entities or references were left out (allowPartial)',
    }),
  },
  {
    examples: [
      {
        applied: true,
        read: 7,
        skipped: ['Location examples'],
        plan: {
          created: [{ kind: 'service', key: 'checkout', name: 'checkout' }],
          changed: [],
          deleted: [],
        },
        leftOut: [
          {
            file: 'catalog-info.yaml',
            line: 9,
            column: 10,
            path: 'spec.owner',
            message: "no party 'commerce-leads'",
          },
        ],
      },
    ],
  },
);

const DOT_EXAMPLE =
  'digraph servicechain {\n  "service:erp" [label="ERP\\noperational"];\n  "service:erp" -> "service:db";\n}\n';
const CSV_EXAMPLE =
  'id,name,label,provider,lifecycle\nerp,SAP ERP,application,enterprise-apps,live\n';

const GraphQuery = Type.Object(
  {
    format: Type.Union(
      GRAPH_FORMATS.map((f) => Type.Literal(f)),
      { description: 'dot (Graphviz), mermaid, graphml or json' },
    ),
    around: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 63,
        description: 'only the chain through this service',
      }),
    ),
    depth: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000, description: 'with around: hops each way' }),
    ),
  },
  { additionalProperties: false },
);

const GRAPH_TYPES: Record<GraphFormat, string> = {
  dot: 'text/vnd.graphviz; charset=utf-8',
  mermaid: 'text/plain; charset=utf-8',
  graphml: 'application/graphml+xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

type Importer = (request: FastifyRequest, current: Model, prune: boolean) => ImportSource;

/**
 * Interop over HTTP: Backstage catalogs and CSV tables in, planned and applied exactly as model
 * files are (all or nothing, audited as the caller); the chain out as a graph, and the model as
 * CSV.
 */
export async function interopRoutes(app: FastifyInstance, context: RestContext): Promise<void> {
  const { store, writer, runtime } = context;
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, text, done) =>
    done(null, text),
  );
  app.addContentTypeParser(CSV_TYPES, { parseAs: 'string' }, (_request, text, done) =>
    done(null, text),
  );

  const importRoute = (read: Importer) => async (request: FastifyRequest) => {
    const query = request.query as Static<typeof ImportQuery>;
    const prune = query.prune ?? false;
    const run = async () => {
      const current = await store.loadModel();
      const source = read(request, current, prune);
      const outcome = planImport(source, current, {
        prune,
        allowPartial: query.allowPartial ?? false,
      });
      if (!outcome.ok) {
        throw invalidModel(
          `the import has ${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'}`,
          outcome.problems,
        );
      }
      const apply = !query.dryRun && !isEmptyPlan(outcome.plan);
      if (apply) {
        await store.applyChanges(planToChanges(outcome.plan, outcome.desired), actorOf(request));
        await runtime.modelChanged();
      }
      return {
        applied: apply,
        read: source.read,
        skipped: source.skipped,
        plan: outcome.plan,
        leftOut: outcome.leftOut,
      };
    };
    return writer.exclusive(run);
  };

  const responses = {
    200: ImportResult,
    400: ErrorSchema,
    409: ErrorSchema,
    413: ErrorSchema,
    415: ErrorSchema,
    422: ErrorSchema,
  };

  app.post(
    '/api/v1/model/import/backstage',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.modelBodyBytes,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Import a Backstage catalog',
        description:
          'catalog-info.yaml documents (YAML, or JSON `{ files: [{ file, text }] }`), mapped as docs/interop.md describes and planned like model files. Any problem refuses the whole import (422, each with file, line and field) unless `allowPartial`.',
        querystring: ImportQuery,
        response: responses,
      },
    },
    importRoute((request, current) =>
      readCatalog(sourcesOf(request.body), {
        storedParties: new Set(current.parties.map((p) => p.id)),
      }),
    ),
  );

  app.post(
    '/api/v1/model/import/csv',
    {
      ...WRITE_ROUTE,
      bodyLimit: LIMITS.modelBodyBytes,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Import CSV tables',
        description:
          'One table as text/csv (which one: `kind`), or several as JSON `{ files: [{ file, text }] }` named services.csv, parties.csv, dependencies.csv, subscriptions.csv. Rows are upserts.',
        querystring: CsvImportQuery,
        response: responses,
      },
    },
    importRoute((request, current, prune) => {
      const kind = (request.query as Static<typeof CsvImportQuery>).kind;
      const single: CsvKind = kind ?? 'services';
      const inputs =
        typeof request.body === 'string'
          ? [{ file: `${single}.csv`, kind: single, text: request.body }]
          : sourcesOf(request.body).map((source) => ({
              ...source,
              kind: kindOfFile(source.file, kind),
            }));
      return readCsvModel(inputs, { current, prune });
    }),
  );

  app.get(
    '/api/v1/model/graph',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'The chain as a graph, with statuses',
        description:
          'Graphviz DOT, Mermaid, GraphML or JSON; the whole model, or the chain through `around` to `depth` hops each way.',
        querystring: GraphQuery,
        response: {
          200: {
            description: 'the graph',
            content: { 'text/plain': { schema: Type.String({ examples: [DOT_EXAMPLE] }) } },
          },
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const query = request.query as Static<typeof GraphQuery>;
      if (query.depth !== undefined && query.around === undefined)
        throw new InputError('depth needs around', [
          { path: 'query.depth', message: 'give around as well' },
        ]);
      const options =
        query.around === undefined
          ? {}
          : query.depth === undefined
            ? { around: query.around }
            : { around: query.around, depth: query.depth };
      const graph = chainGraph(await store.loadModel(), runtime.engine, options);
      return reply.type(GRAPH_TYPES[query.format]).send(renderGraph(graph, query.format));
    },
  );

  app.get<{ Params: { kind: CsvKind } }>(
    '/api/v1/model/csv/:kind',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'One table of the model as CSV',
        description:
          'Spreadsheet-safe: a cell that a spreadsheet would run as a formula gets a leading apostrophe, which CSV import strips.',
        params: Type.Object({ kind: Type.Union(CSV_KINDS.map((k) => Type.Literal(k))) }),
        response: {
          200: {
            description: 'the table',
            content: { 'text/csv': { schema: Type.String({ examples: [CSV_EXAMPLE] }) } },
          },
          400: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const texts = modelToCsv(await store.loadModel());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.kind}.csv"`)
        .send(texts[request.params.kind]);
    },
  );
}

function kindOfFile(file: string, fallback: CsvKind | undefined): CsvKind {
  const base = file
    .split('/')
    .pop()
    ?.replace(/\.csv$/i, '');
  const kind = CSV_KINDS.find((k) => k === base) ?? fallback;
  if (!kind)
    throw new InputError(
      `cannot tell which table '${file}' holds: name it services.csv, parties.csv, dependencies.csv or subscriptions.csv, or give kind`,
    );
  return kind;
}
