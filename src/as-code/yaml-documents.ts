import { isMap, isNode, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { Problem } from '../model/errors.js';
import type { FieldPath } from './field-reader.js';

/** One YAML document of a model file, with a way back from a field path to its line. */
export interface ParsedDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  value: unknown;
  /**
   * Line and column of the field at `path`, or of the nearest enclosing field that exists, with
   * that field's path (`found`).
   */
  locate(path: FieldPath, atKey?: boolean): { line: number; column: number; found: FieldPath };
}

/** Aliases a document may expand; more is the signature of a "billion laughs" attack. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses every document in a YAML text. A document with a syntax error is reported (with its
 * line) and left out; the others are still returned so all problems can be shown at once.
 */
export function parseYamlDocuments(
  file: string,
  text: string,
): { documents: ParsedDocument[]; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  const documents: ParsedDocument[] = [];
  const parsed = parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: true,
    strict: true,
  });
  // An empty text gives an empty list (the library's EmptyStream).
  for (const [index, document] of parsed.entries()) {
    if (document.errors.length > 0) {
      for (const error of document.errors)
        problems.push(yamlProblem(file, error.message, error.linePos?.[0]));
      continue;
    }
    if (document.contents === null) continue; // an empty document, as after a trailing `---`
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const start = document.contents?.range[0] ?? 0;
      const pos = lineCounter.linePos(start);
      const message = error instanceof Error ? error.message : String(error);
      problems.push({
        file,
        line: pos.line,
        column: pos.col,
        message: `cannot be read: ${message}`,
      });
      continue;
    }
    const locate = (path: FieldPath, atKey = false) => {
      const last = path[path.length - 1];
      if (atKey && typeof last === 'string') {
        // Point at the key itself (an unknown field's name), not at its value.
        const parent = document.getIn(path.slice(0, -1), true);
        const pair = isMap(parent)
          ? parent.items.find((p) => isScalar(p.key) && p.key.value === last)
          : undefined;
        if (pair && isNode(pair.key) && pair.key.range) {
          const pos = lineCounter.linePos(pair.key.range[0]);
          return { line: pos.line, column: pos.col, found: path };
        }
      }
      for (let length = path.length; length >= 0; length--) {
        const node = document.getIn(path.slice(0, length), true);
        if (isNode(node) && node.range) {
          const pos = lineCounter.linePos(node.range[0]);
          return { line: pos.line, column: pos.col, found: path.slice(0, length) };
        }
      }
      return { line: 1, column: 1, found: [] };
    };
    documents.push({ file, index, value, locate });
  }
  return { documents, problems };
}

function yamlProblem(file: string, message: string, pos?: { line: number; col: number }): Problem {
  // The yaml library appends "at line L, column C" (and a snippet); we give the place in front.
  const text = message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
  return { file, line: pos?.line, column: pos?.col, message: `YAML syntax: ${text}` };
}
