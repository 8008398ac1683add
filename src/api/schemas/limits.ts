/**
 * Limits the API enforces, shared with the web UI so that a form refuses what the server would.
 * Field lengths are the ones the model file decoder applies (src/as-code/decode-document.ts):
 * the API and the files accept exactly the same things.
 */
export const LIMITS = {
  /** Ids are slugs: `[a-z0-9][a-z0-9._-]{0,62}`. */
  idMaxLength: 63,
  nameMaxLength: 200,
  descriptionMaxLength: 4000,
  labelMaxLength: 50,
  noteMaxLength: 1000,
  tagMaxLength: 100,
  urlMaxLength: 2000,
  linksMax: 100,
  signalsMax: 100,
  contactsMax: 50,
  /** Text search (`q`) on lists. */
  queryMaxLength: 200,
  /** Items per page of a list. */
  pageDefault: 100,
  pageMax: 1000,
  /** Bytes of one entity's JSON body. */
  entityBodyBytes: 64 * 1024,
  /** Bytes of a model upload (YAML or JSON) for validate, plan and apply. */
  modelBodyBytes: 16 * 1024 * 1024,
  /** Nesting of arrays and objects in any JSON body, checked before parsing. */
  jsonMaxDepth: 32,
} as const;

/** The id pattern as JSON Schema writes it. */
export const ID_PATTERN_SOURCE = '^[a-z0-9][a-z0-9._-]{0,62}$';
