import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding this package's package.json, found by walking up from this file, so it is
 * the same whether the code runs from src/ (tests) or from dist/src/ (the built server).
 */
export function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('package.json not found above the running code');
    folder = parent;
  }
  return folder;
}

/** The demo model that a new database starts with. */
export function demoModelPath(): string {
  return join(packageRoot(), 'examples', 'order-to-cash');
}
