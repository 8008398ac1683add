import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Problem } from '../model/errors.js';

export interface SourceFile {
  /** The path as shown to the user. */
  file: string;
  text: string;
}

export interface SourceLimits {
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Largest total, in bytes. */
  maxTotalBytes: number;
  maxFiles: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxFiles: 10_000,
};

const MODEL_FILE = /\.ya?ml$/i;

/**
 * Reads a model file, or every `.yaml`/`.yml` file below a folder (sorted, hidden folders and
 * node_modules skipped). Problems (a missing path, a file too large) come back as values.
 */
export async function readSources(
  path: string,
  limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
): Promise<{ sources: SourceFile[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return { sources: [], problems: [{ file: path, message: 'no such file or folder' }] };
  }
  const files = info.isDirectory() ? await listModelFiles(path) : [path];
  if (info.isDirectory() && files.length === 0)
    problems.push({ file: path, message: 'the folder holds no .yaml or .yml file' });
  if (files.length > limits.maxFiles) {
    return {
      sources: [],
      problems: [
        { file: path, message: `holds ${files.length} model files (${limits.maxFiles} at most)` },
      ],
    };
  }
  const sources: SourceFile[] = [];
  let total = 0;
  for (const file of files) {
    const shown = info.isDirectory() ? join(path, relative(path, file)) : file;
    const size = (await stat(file)).size;
    if (size > limits.maxFileBytes) {
      problems.push({
        file: shown,
        message: `is ${size} bytes, larger than the limit of ${limits.maxFileBytes}`,
      });
      continue;
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      problems.push({
        file: path,
        message: `the files add up to more than ${limits.maxTotalBytes} bytes`,
      });
      break;
    }
    const bytes = await readFile(file);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      problems.push({ file: shown, message: 'is not valid UTF-8 text' });
      continue;
    }
    sources.push({ file: shown, text });
  }
  return { sources, problems };
}

async function listModelFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && MODEL_FILE.test(entry.name)) found.push(full);
    }
  }
  return found.sort();
}
