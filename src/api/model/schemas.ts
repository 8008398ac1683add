import { Type } from 'typebox';

export const YAML_EXAMPLE = `apiVersion: servicechain/v1
kind: Service
metadata: { id: order-to-cash, name: Order to cash }
spec:
  provider: sales
  dependsOn: [order-entry]
`;

/** Several model files in one JSON body, each named as problems will name it. */
export const ModelBody = Type.Object(
  {
    files: Type.Array(
      Type.Object(
        { file: Type.String({ minLength: 1, maxLength: 500 }), text: Type.String() },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10_000 },
    ),
  },
  {
    additionalProperties: false,
    examples: [{ files: [{ file: 'services.yaml', text: YAML_EXAMPLE }] }],
  },
);

const Problem = Type.Object({
  message: Type.String(),
  path: Type.Optional(Type.String()),
  file: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
});

export const ValidateResult = Type.Object(
  {
    valid: Type.Boolean(),
    problems: Type.Optional(Type.Array(Problem)),
    parties: Type.Optional(Type.Integer()),
    services: Type.Optional(Type.Integer()),
    dependencies: Type.Optional(Type.Integer()),
    subscriptions: Type.Optional(Type.Integer()),
  },
  {
    examples: [
      {
        valid: false,
        problems: [
          {
            file: 'model.yaml',
            line: 4,
            column: 13,
            path: 'spec.provider',
            message: "no party 'sales'",
          },
        ],
      },
    ],
  },
);

const Entry = Type.Object({
  kind: Type.Enum(['party', 'service', 'dependency', 'subscription']),
  key: Type.String(),
  name: Type.String(),
});

/** What applying files would do, entity by entity, changed ones field by field. */
export const PlanSchema = Type.Object(
  {
    created: Type.Array(Entry),
    changed: Type.Array(
      Type.Intersect([
        Entry,
        Type.Object({
          fields: Type.Array(
            Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() }),
          ),
        }),
      ]),
    ),
    deleted: Type.Array(Entry),
  },
  {
    examples: [
      {
        created: [{ kind: 'service', key: 'order-to-cash', name: 'Order to cash' }],
        changed: [],
        deleted: [],
      },
    ],
  },
);

/** A plan as applied: `applied` is false when the store already matched the files. */
export const ApplyResult = Type.Intersect([Type.Object({ applied: Type.Boolean() }), PlanSchema], {
  examples: [
    {
      applied: true,
      created: [{ kind: 'service', key: 'order-to-cash', name: 'Order to cash' }],
      changed: [],
      deleted: [],
    },
  ],
});
