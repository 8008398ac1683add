export type { CompactModel } from './compact-model.js';
export { buildEngine, createEngine, StatusEngine } from './engine.js';
export type { ExplainOptions } from './explain.js';
export type { CompactImpact } from './impact.js';
export { modelToCompact } from './model-to-compact.js';
export { quotaNeed } from './rules.js';
export { impactLabel, transformRank } from './transforms.js';
export type * from './types.js';
