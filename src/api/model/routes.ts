import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { modelToDocuments, modelToYaml } from '../../as-code/export-model.js';
import { textProblem } from '../../as-code/field-reader.js';
import { planSources } from '../../as-code/model-files.js';
import { isEmptyPlan, planToChanges } from '../../as-code/plan.js';
import type { SourceFile } from '../../as-code/source-files.js';
import { emptyModel } from '../../model/entities.js';
import { InputError, type Problem } from '../../model/errors.js';
import { actorOf } from '../access.js';
import { invalidModel } from '../errors.js';
import { READ_ROUTE, type RestContext, WRITE_ROUTE } from '../rest/context.js';
import { ErrorSchema } from '../schemas/common.js';
import { LIMITS } from '../schemas/limits.js';
import { ApplyResult, ModelBody, PlanSchema, ValidateResult, YAML_EXAMPLE } from './schemas.js';

const TAGS = ['model'];
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
const checkFiles = Compile(ModelBody);

const PruneQuery = Type.Object(
  {
    prune: Type.Optional(
      Type.Boolean({ default: false, description: 'also delete what the files do not mention' }),
    ),
  },
  { additionalProperties: false },
);

/** The request body as model sources: one YAML text, or `{ files: [{ file, text }] }`. */
export function sourcesOf(body: unknown): SourceFile[] {
  if (typeof body === 'string') return [{ file: 'model.yaml', text: body }];
  if (!checkFiles.Check(body)) {
    const details = [...checkFiles.Errors(body)].map((e) => ({
      path: ['body', ...e.instancePath.split('/').slice(1)].join('.'),
      message: e.message,
    }));
    throw new InputError('the body must be YAML, or JSON { files: [{ file, text }] }', details);
  }
  const files = (body as Static<typeof ModelBody>).files;
  const details = files.flatMap((f, i) => {
    const problem = textProblem(f.file, 500);
    return problem ? [{ path: `body.files[${i}].file`, message: problem }] : [];
  });
  if (details.length > 0) throw new InputError('a file name is not acceptable', details);
  return files.map((f) => ({ file: f.file, text: f.text }));
}

function refuse(problems: Problem[]): never {
  throw invalidModel(
    `the model files have ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    problems,
  );
}

const UPLOAD = {
  ...WRITE_ROUTE,
  bodyLimit: LIMITS.modelBodyBytes,
} as const;

const body = {
  content: {
    'application/yaml': { schema: Type.String({ examples: [YAML_EXAMPLE] }) },
    'application/json': { schema: ModelBody },
  },
};

/** Services as code over HTTP: validate, plan and apply model files; export the model. */
export async function modelRoutes(app: FastifyInstance, context: RestContext): Promise<void> {
  const { store, writer, runtime } = context;
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, text, done) =>
    done(null, text),
  );

  app.post(
    '/api/v1/model/validate',
    {
      ...UPLOAD,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Check model files on their own',
        description:
          'Every reference must resolve within the files. Answers 200 either way: `valid` says which, `problems` says where (file, line, column, field path).',
        body,
        response: { 200: ValidateResult, 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request) => {
      const outcome = planSources(sourcesOf(request.body), emptyModel(), { prune: true });
      if (!outcome.ok) return { valid: false, problems: outcome.problems };
      const { declared } = outcome.value;
      return {
        valid: true,
        parties: declared.parties.length,
        services: declared.services.length,
        dependencies: declared.dependencies.length,
        subscriptions: declared.subscriptions.length,
      };
    },
  );

  const planRoute = (apply: boolean) => async (request: FastifyRequest) => {
    const sources = sourcesOf(request.body);
    const prune = (request.query as Static<typeof PruneQuery>).prune ?? false;
    const run = async () => {
      const outcome = planSources(sources, await store.loadModel(), { prune });
      if (!outcome.ok) refuse(outcome.problems);
      const { plan, desired } = outcome.value;
      if (!apply) return plan;
      if (!isEmptyPlan(plan)) {
        await store.applyChanges(planToChanges(plan, desired), actorOf(request));
        await runtime.modelChanged();
      }
      return { applied: !isEmptyPlan(plan), ...plan };
    };
    return apply ? writer.exclusive(run) : run();
  };

  app.post(
    '/api/v1/model/plan',
    {
      ...UPLOAD,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Show what applying model files would change',
        description:
          'Declared parties and services replace their stored versions whole, with their subscriptions and dependencies; with `prune`, what the files do not mention goes. Invalid files are a 422 listing every problem.',
        querystring: PruneQuery,
        body,
        response: {
          200: PlanSchema,
          400: ErrorSchema,
          413: ErrorSchema,
          415: ErrorSchema,
          422: ErrorSchema,
        },
      },
    },
    planRoute(false),
  );

  app.post(
    '/api/v1/model/apply',
    {
      ...UPLOAD,
      config: { access: 'write' },
      schema: {
        tags: TAGS,
        summary: 'Apply model files, all or nothing',
        description:
          'As plan, then writes every change in one transaction, audited as the caller. `applied` is false when the store already matched.',
        querystring: PruneQuery,
        body,
        response: {
          200: ApplyResult,
          400: ErrorSchema,
          409: ErrorSchema,
          413: ErrorSchema,
          415: ErrorSchema,
          422: ErrorSchema,
        },
      },
    },
    planRoute(true),
  );

  app.get(
    '/api/v1/model/export',
    {
      ...READ_ROUTE,
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'Export the model as model files',
        description:
          'YAML documents (parties, then services, by id), or the same documents as JSON when the request accepts application/json but not YAML. Applying the export changes nothing.',
        response: {
          200: {
            description: 'the model',
            content: {
              'application/yaml': { schema: Type.String({ examples: [YAML_EXAMPLE] }) },
              'application/json': {
                schema: Type.Array(Type.Object({}, { additionalProperties: true }), {
                  examples: [
                    [
                      {
                        apiVersion: 'servicechain/v1',
                        kind: 'Service',
                        metadata: { id: 'erp', name: 'SAP ERP' },
                        spec: {
                          label: 'application',
                          provider: 'enterprise-apps',
                          dependsOn: ['sap-hana'],
                        },
                      },
                    ],
                  ],
                }),
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const model = await store.loadModel();
      const accept = request.headers.accept ?? '';
      if (accept.includes('application/json') && !accept.includes('yaml'))
        return reply.type('application/json').send(JSON.stringify(modelToDocuments(model)));
      return reply
        .type('application/yaml; charset=utf-8')
        .header('content-disposition', 'inline; filename="model.yaml"')
        .send(modelToYaml(model).all);
    },
  );
}
