import {
  dependencyKey,
  type EntityKind,
  emptyModel,
  type Model,
  subscriptionKey,
} from '../model/entities.js';
import type { Problem } from '../model/errors.js';
import { collisionKey } from '../model/ids.js';
import type { ModelProblem } from '../model/validate-model.js';
import { decodeDocument } from './decode-document.js';
import { type FieldPath, FieldReader, formatPath } from './field-reader.js';
import type { SourceFile } from './source-files.js';
import { type ParsedDocument, parseYamlDocuments } from './yaml-documents.js';

/** Where an entity was written: its document and the path of its part within it. */
export interface Origin {
  document: ParsedDocument;
  path: FieldPath;
}

/** The model that some files declare, where each entity came from, and what is wrong with them. */
export interface CompiledModel {
  model: Model;
  origins: Map<string, Origin>;
  problems: Problem[];
}

export function originKey(kind: EntityKind, key: string): string {
  return `${kind}:${key}`;
}

/**
 * Parses and decodes model files into one model. Duplicate ids (also when they differ only by
 * Unicode normalisation or case) are reported at the second place, naming the first.
 */
export function compileModel(sources: readonly SourceFile[]): CompiledModel {
  const model = emptyModel();
  const origins = new Map<string, Origin>();
  const problems: Problem[] = [];
  const firstSeen = new Map<string, Origin>();

  const claim = (
    kind: EntityKind,
    key: string,
    collision: string,
    origin: Origin,
    what: string,
  ): boolean => {
    const seenKey = `${kind}:${collision}`;
    const earlier = firstSeen.get(seenKey);
    if (earlier) {
      const at = earlier.document.locate(earlier.path);
      problems.push(
        locateProblem(
          origin,
          [],
          `${what} is already defined at ${earlier.document.file}:${at.line}`,
        ),
      );
      return false;
    }
    firstSeen.set(seenKey, origin);
    origins.set(originKey(kind, key), origin);
    return true;
  };

  for (const source of sources) {
    const parsed = parseYamlDocuments(source.file, source.text);
    problems.push(...parsed.problems);
    for (const document of parsed.documents) {
      const reader = new FieldReader();
      const decoded = decodeDocument(document.value, reader);
      for (const problem of reader.problems) {
        problems.push(
          locateProblem({ document, path: [] }, problem.path, problem.message, problem.atKey),
        );
      }
      if (!decoded) continue;
      const origin: Origin = { document, path: [] };
      if (decoded.kind === 'Service') {
        const { service } = decoded;
        if (
          !claim('service', service.id, collisionKey(service.id), origin, `service '${service.id}'`)
        )
          continue;
        model.services.push(service);
        for (const { value, path } of decoded.dependencies) {
          const key = dependencyKey(value);
          if (claim('dependency', key, key, { document, path }, `the dependency on '${value.to}'`))
            model.dependencies.push(value);
        }
      } else {
        const { party } = decoded;
        if (!claim('party', party.id, collisionKey(party.id), origin, `party '${party.id}'`))
          continue;
        model.parties.push(party);
        for (const { value, path } of decoded.subscriptions) {
          const key = subscriptionKey(value);
          if (
            claim(
              'subscription',
              key,
              key,
              { document, path },
              `the subscription to '${value.service}'`,
            )
          )
            model.subscriptions.push(value);
        }
      }
    }
  }
  return { model, origins, problems };
}

/** A problem at `field` below an origin, with its file, line and column. */
export function locateProblem(
  origin: Origin,
  field: FieldPath,
  message: string,
  atKey = false,
): Problem {
  const path = [...origin.path, ...field];
  const at = origin.document.locate(path, atKey);
  const problem: Problem = {
    file: origin.document.file,
    line: at.line,
    column: at.column,
    message,
  };
  const shown = formatPath(at.found);
  if (shown) problem.path = shown;
  return problem;
}

/**
 * Places model-level problems in the files that declared the entities; an entity that came from
 * the store rather than the files is named instead.
 */
export function placeModelProblems(
  problems: readonly ModelProblem[],
  origins: ReadonlyMap<string, Origin>,
): Problem[] {
  return problems.map((problem) => {
    const origin = origins.get(originKey(problem.kind, problem.key));
    if (origin) return locateProblem(origin, problem.field, problem.message);
    const field = formatPath(problem.field);
    return {
      message: `${problem.kind} '${problem.key}' (in the store)${field ? ` ${field}` : ''}: ${problem.message}`,
    };
  });
}
