import { type FormEvent, useEffect, useState } from 'react';
import { type ApiError, api } from '../../api/client.js';
import type { AuditRecord } from '../../api/types.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { useTitle } from '../../components/use-title.js';
import { Link, navigate, useLocation } from '../../router.js';
import { When } from '../incidents/incident-bits.js';
import {
  AUDIT_FILTERS,
  AUDIT_KINDS,
  AUDIT_OPS,
  type AuditFilters,
  auditQuery,
  entityPath,
  fieldChanges,
} from './audit-model.js';

const PAGE_SIZE = 50;
const OP_TEXT: Record<string, string> = {
  create: '+ created',
  update: '~ changed',
  delete: '− deleted',
};

interface AuditPageAnswer {
  items: AuditRecord[];
  nextBefore: string | null;
}

/** Every recorded change, newest first (GET /api/v1/audit), filtered, paged back with "Older". */
export function AuditPage() {
  useTitle('Audit log');
  const { query } = useLocation();
  const filters = Object.fromEntries(
    AUDIT_FILTERS.map((k) => [k, query.get(k) ?? '']),
  ) as AuditFilters;
  const applied = auditQuery(filters, PAGE_SIZE);
  const [items, setItems] = useState<AuditRecord[] | null>(null);
  const [older, setOlder] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    api<AuditPageAnswer>(`/audit?${applied}`, { signal: controller.signal }).then(
      (result) => {
        if (!result.ok) return setError(result.error);
        setError(null);
        setItems(result.value.items);
        setOlder(result.value.nextBefore);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [applied]);

  const loadOlder = async () => {
    if (!older) return;
    const result = await api<AuditPageAnswer>(`/audit?${auditQuery(filters, PAGE_SIZE, older)}`);
    if (!result.ok) return setError(result.error);
    setItems((current) => [...(current ?? []), ...result.value.items]);
    setOlder(result.value.nextBefore);
  };

  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Every change to the model, incidents, users, tokens and subscribers, newest first.
      </p>
      <AuditFilterForm key={applied} filters={filters} />
      {error ? (
        <ErrorState title="The audit log could not be loaded" error={error} />
      ) : !items ? (
        <Loading what="the audit log" />
      ) : items.length === 0 ? (
        <Empty title="No recorded changes">
          {applied === `limit=${PAGE_SIZE}`
            ? 'Nothing has changed yet.'
            : 'Change or clear the filters above.'}
        </Empty>
      ) : (
        <AuditTable items={items} />
      )}
      {older ? (
        <p>
          <button type="button" onClick={() => void loadOlder()}>
            Older changes
          </button>
        </p>
      ) : null}
    </>
  );
}

/** The filters as a form: applied (into the address) on submit, so typing does not query. */
function AuditFilterForm({ filters }: { filters: AuditFilters }) {
  const [draft, setDraft] = useState(filters);
  const apply = (next: AuditFilters) => {
    const query = new URLSearchParams();
    for (const key of AUDIT_FILTERS) if (next[key].trim()) query.set(key, next[key].trim());
    const text = query.toString();
    navigate(`/audit${text ? `?${text}` : ''}`, { replace: true });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const set = (key: keyof AuditFilters, value: string) => setDraft({ ...draft, [key]: value });
  return (
    <form className="toolbar" aria-label="Filter the audit log" onSubmit={submit}>
      <div className="field">
        <label htmlFor="audit-kind">Kind</label>
        <select id="audit-kind" value={draft.kind} onChange={(e) => set('kind', e.target.value)}>
          <option value="">Any kind</option>
          {AUDIT_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-key">Key</label>
        <input
          id="audit-key"
          value={draft.key}
          placeholder="id, or from->to"
          maxLength={200}
          onChange={(e) => set('key', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-actor">Actor</label>
        <input
          id="audit-actor"
          value={draft.actor}
          placeholder="user:amy"
          maxLength={200}
          onChange={(e) => set('actor', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-op">Operation</label>
        <select id="audit-op" value={draft.op} onChange={(e) => set('op', e.target.value)}>
          <option value="">Any operation</option>
          {AUDIT_OPS.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          Filter
        </button>
        <button type="button" onClick={() => apply({ kind: '', key: '', actor: '', op: '' })}>
          Clear
        </button>
      </div>
    </form>
  );
}

function AuditTable({ items }: { items: readonly AuditRecord[] }) {
  return (
    <table data-testid="audit-list">
      <caption className="visually-hidden">Recorded changes, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Entity</th>
          <th scope="col">Fields</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => {
          const path = entityPath(r.kind, r.key);
          return (
            <tr key={r.id}>
              <td>
                <When iso={r.at} />
              </td>
              <td>{r.actor}</td>
              <td>{OP_TEXT[r.op] ?? r.op}</td>
              <td>
                <span className="muted">{r.kind}</span>{' '}
                {path && r.op !== 'delete' ? <Link to={path}>{r.key}</Link> : <code>{r.key}</code>}
              </td>
              <td>
                <FieldDiff record={r} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The record's before and after, field by field, folded under a summary of the fields. */
function FieldDiff({ record }: { record: AuditRecord }) {
  const changes = fieldChanges(record.before, record.after);
  if (changes.length === 0) return <span className="muted">no field changed</span>;
  const names = changes.map((c) => c.field);
  return (
    <details>
      <summary>
        {changes.length} field{changes.length === 1 ? '' : 's'}: {names.slice(0, 4).join(', ')}
        {names.length > 4 ? ', …' : ''}
      </summary>
      <table className="diff">
        <caption className="visually-hidden">
          {record.kind} {record.key}: before and after
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field} data-change={c.change}>
              <th scope="row">
                <code>{c.field}</code>
              </th>
              <td>{c.change}</td>
              <td className="mono">{c.before ?? <span className="muted">(absent)</span>}</td>
              <td className="mono">{c.after ?? <span className="muted">(absent)</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
