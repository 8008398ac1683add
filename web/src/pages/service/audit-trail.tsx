import { useEffect, useState } from 'react';
import { type ApiResult, api } from '../../api/client.js';
import type { AuditRecord } from '../../api/types.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';

/** What changed between two versions, field by field, as short text. */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** The audit log of one entity (GET /api/v1/audit?kind=&key=), newest first. */
export function AuditTrail({
  kind,
  entityKey,
  version,
}: {
  kind: string;
  entityKey: string;
  version: number;
}) {
  const [result, setResult] = useState<ApiResult<{ items: AuditRecord[] }> | null>(null);
  useEffect(() => {
    void version;
    const controller = new AbortController();
    api<{ items: AuditRecord[] }>(
      `/audit?kind=${kind}&key=${encodeURIComponent(entityKey)}&limit=50`,
      {
        signal: controller.signal,
      },
    ).then(setResult, () => undefined);
    return () => controller.abort();
  }, [kind, entityKey, version]);
  if (!result) return <Loading what="the audit trail" />;
  if (!result.ok)
    return <ErrorState title="The audit trail could not be loaded" error={result.error} />;
  if (result.value.items.length === 0) return <Empty title="No recorded changes" />;
  return (
    <table>
      <caption className="visually-hidden">Changes to {entityKey}, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Fields</th>
        </tr>
      </thead>
      <tbody>
        {result.value.items.map((r) => (
          <tr key={r.id}>
            <td>
              <time dateTime={r.at}>{new Date(r.at).toLocaleString()}</time>
            </td>
            <td>{r.actor}</td>
            <td>{r.op}</td>
            <td>{r.op === 'update' ? changedFields(r.before, r.after).join(', ') : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
