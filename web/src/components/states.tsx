import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.js';

/** Shown while something loads; announced politely to screen readers. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** Something failed: what, and the API's own message and field problems. */
export function ErrorState({ title, error }: { title: string; error: ApiError | string }) {
  const e = typeof error === 'string' ? { message: error, details: undefined } : error;
  return (
    <div className="state error" role="alert">
      <strong>{title}</strong>
      <p>{e.message}</p>
      <ProblemList details={e.details} />
    </div>
  );
}

/** Field problems (`details: [{ path, message }]`) as a list; anything else is left out. */
export function ProblemList({ details }: { details: unknown }) {
  if (!Array.isArray(details) || details.length === 0) return null;
  return (
    <ul className="problems">
      {details.map((d, i) => {
        const p = d as { path?: string; message?: string; file?: string; line?: number };
        const where = [p.file, p.line, p.path].filter((x) => x !== undefined && x !== '').join(':');
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
          <li key={i}>
            {where ? <code>{where}</code> : null} {p.message ?? JSON.stringify(d)}
          </li>
        );
      })}
    </ul>
  );
}

/** Nothing to show, said plainly, with what to do about it. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state empty">
      <strong>{title}</strong>
      {children ? <p>{children}</p> : null}
    </div>
  );
}
