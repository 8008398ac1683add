/**
 * Domain errors. They know nothing of HTTP or exit codes: the API and the CLI each map them once.
 * Expected failures of validation are values (see `Result`), not these.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input was wrong; `details` lists the problems, each with its place. */
export class InputError extends DomainError {}
export class NotFoundError extends DomainError {}
export class ConflictError extends DomainError {}
export class ForbiddenError extends DomainError {}

/** A problem found in user input, with where it is: file, line and the field's path. */
export interface Problem {
  message: string;
  /** Field path within the document, e.g. `spec.dependsOn[2].service`. */
  path?: string;
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column in `file`. */
  column?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** `file:line:column: path: message`, leaving out the parts that are not known. */
export function formatProblem(problem: Problem): string {
  let where = '';
  if (problem.file) {
    where = problem.file;
    if (problem.line) where += `:${problem.line}`;
    if (problem.line && problem.column) where += `:${problem.column}`;
    where += ': ';
  }
  const field = problem.path ? `${problem.path}: ` : '';
  return `${where}${field}${problem.message}`;
}
