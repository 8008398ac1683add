import type { CompactModel } from '../../../src/engine/compact-model.js';
import type { Engine, EngineInput, InputAt } from '../../../src/engine/types.js';
import type { StatusLevel } from '../../../src/model/levels.js';

/**
 * The engine as the benchmark uses it: the Engine interface, plus calls it uses when the engine
 * offers them: a full recompute, a plain closure in typed arrays (the like-for-like of a BFS),
 * the level-aware impact in typed arrays, `replay` (apply's propagation, returning a count), and
 * the calls by model position (`closureAt`, `applyAt`).
 */
export interface BenchEngine extends Engine {
  recompute?(): number;
  closureCompact?(service: string | number, direction: 'up' | 'down'): { services: Int32Array };
  impactCompact?(service: string | number, level?: StatusLevel): { services: Int32Array };
  replay?(inputs: readonly EngineInput[], at: number): number;
  /** The closure by model position, left in the engine; returns its size. */
  closureAt?(position: number, direction: 'up' | 'down'): number;
  /** `apply` by model position, the changes read on demand; returns them. */
  applyAt?(inputs: readonly InputAt[], at: number): { count: number };
}

export interface EngineModule {
  buildEngine(compact: CompactModel): BenchEngine;
}

export type LoadedEngine = { ok: true; module: EngineModule } | { ok: false; reason: string };

/**
 * Loads the engine at run time, so the benchmark builds and runs its baselines while the engine
 * is missing or broken; the report then says "engine not available" and why.
 */
export async function loadEngine(): Promise<LoadedEngine> {
  const url = new URL('../../../src/engine/index.js', import.meta.url).href;
  try {
    const module = (await import(url)) as Partial<EngineModule>;
    if (typeof module.buildEngine !== 'function')
      return { ok: false, reason: 'src/engine/index does not export buildEngine' };
    return { ok: true, module: module as EngineModule };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
