import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/output.js';

/** Runs the CLI in-process, capturing what it prints, and resolves to its exit code and output. */
/** What a CLI run printed and how it ended. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCli(...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (text) => {
      out += `${text}\n`;
    },
    err: (text) => {
      err += `${text}\n`;
    },
  };
  const code = await main(['node', 'servicechain', ...args], io);
  return { code, out, err };
}

/**
 * A fresh temporary folder for each test of the calling file; `folder()` gives it, `dataArgs()`
 * the `--data` option pointing inside it.
 */
export function tempFolderPerTest(prefix: string): {
  folder: () => string;
  dataArgs: () => string[];
} {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return { folder: () => dir, dataArgs: () => ['--data', join(dir, 'data')] };
}
