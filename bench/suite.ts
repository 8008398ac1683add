import type { Progress } from './lib/progress.js';

/** What a suite gets from the harness. */
export interface SuiteContext {
  progress: Progress;
  env: Readonly<Record<string, string | undefined>>;
}

/** A suite's results: the data as JSON, and tables for people. */
export interface SuiteReport {
  json: unknown;
  markdown: string;
  text: string;
}

/**
 * One benchmark suite, run by name (`npm run bench -- NAME`). Each suite lives in its own file
 * under suites/ and is listed in suites/index.ts; the harness writes its report to results/.
 */
export interface Suite {
  name: string;
  description: string;
  run(context: SuiteContext): Promise<SuiteReport>;
}
