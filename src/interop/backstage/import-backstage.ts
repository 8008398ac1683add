import { locateProblem } from '../../as-code/compile-model.js';
import { FieldReader } from '../../as-code/field-reader.js';
import { readSources, type SourceFile } from '../../as-code/source-files.js';
import { parseYamlDocuments } from '../../as-code/yaml-documents.js';
import type { Problem } from '../../model/errors.js';
import type { ImportSource } from '../import-plan.js';
import { readCatalogEntity } from './catalog-entity.js';
import { CatalogMapper } from './map-catalog.js';

export interface CatalogOptions {
  /** Party ids already stored, which group `members` and `children` may name. */
  storedParties: ReadonlySet<string>;
  /** Called with the count of entities read, every 1000. */
  onProgress?: (read: number) => void;
}

/**
 * The model that Backstage catalog files declare (single or multi-document YAML), ready for
 * `planImport`. Location and Template entities are read and skipped; every problem carries its
 * file, line and field.
 */
export function readCatalog(sources: readonly SourceFile[], options: CatalogOptions): ImportSource {
  const mapper = new CatalogMapper(options.storedParties);
  const problems: Problem[] = [];
  const skipped = new Map<string, number>();
  let read = 0;
  for (const source of sources) {
    const parsed = parseYamlDocuments(source.file, source.text);
    problems.push(...parsed.problems);
    for (const document of parsed.documents) {
      read += 1;
      if (read % 1000 === 0) options.onProgress?.(read);
      const reader = new FieldReader();
      const result = readCatalogEntity(document, reader);
      for (const problem of reader.problems)
        problems.push(
          locateProblem({ document, path: [] }, problem.path, problem.message, problem.atKey),
        );
      if (result.status === 'ignored')
        skipped.set(result.kind, (skipped.get(result.kind) ?? 0) + 1);
      else if (result.status === 'entity') mapper.claim(result.entity);
    }
  }
  mapper.mapAll();
  return {
    model: mapper.model,
    origins: mapper.origins,
    problems: [...problems, ...mapper.problems],
    read,
    skipped: [...skipped].map(
      ([kind, count]) => `${count} ${kind} entit${count === 1 ? 'y' : 'ies'}`,
    ),
  };
}

/** Reads a catalog file, or every `.yaml`/`.yml` file below a folder, then `readCatalog`. */
export async function readCatalogPath(
  path: string,
  options: CatalogOptions,
): Promise<{ ok: true; source: ImportSource; files: number } | { ok: false; problems: Problem[] }> {
  const read = await readSources(path);
  if (read.problems.length > 0) return { ok: false, problems: read.problems };
  return { ok: true, source: readCatalog(read.sources, options), files: read.sources.length };
}
