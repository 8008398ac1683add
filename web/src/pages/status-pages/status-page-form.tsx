import { type FormEvent, useState } from 'react';
import { type ApiError, api } from '../../api/client.js';
import type { PartyItem, ServiceItem } from '../../api/types.js';
import { ErrorState } from '../../components/states.js';
import {
  bodyOf,
  EMPTY_DRAFT,
  type EntryDraft,
  type PageDraft,
  type StatusPageConfig,
} from './status-page-model.js';

/**
 * Creates a status page (POST) or replaces one (PUT with If-Match): slug, title, audience, the
 * listed services with the names and groups the audience reads, root causes, branding. The
 * API's problems are shown with their paths (`services[1].name`).
 */
export function StatusPageForm({
  existing,
  services,
  parties,
  onSaved,
  onCancel,
}: {
  existing?: { page: StatusPageConfig; etag: string | null; draft: PageDraft };
  services: readonly ServiceItem[];
  parties: readonly PartyItem[];
  onSaved(page: StatusPageConfig): void;
  onCancel(): void;
}) {
  const [draft, setDraft] = useState<PageDraft>(existing?.draft ?? EMPTY_DRAFT);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState('');
  const set = (patch: Partial<PageDraft>) => setDraft({ ...draft, ...patch });
  const setEntry = (i: number, patch: Partial<EntryDraft>) =>
    set({ entries: draft.entries.map((e, j) => (j === i ? { ...e, ...patch } : e)) });
  const move = (i: number, by: number) => {
    const entries = [...draft.entries];
    const [entry] = entries.splice(i, 1);
    if (entry) entries.splice(i + by, 0, entry);
    set({ entries });
  };
  const add = (id: string) => {
    const service = services.find((s) => s.id === id);
    if (!service) return;
    set({ entries: [...draft.entries, { service: id, key: '', name: service.name, group: '' }] });
    setAdding('');
  };
  const names = new Map(services.map((s) => [s.id, s.name]));
  // Each service once: the entries are keyed by it.
  const listed = new Set(draft.entries.map((e) => e.service));
  const title = existing ? `Edit ${existing.page.title}` : 'New status page';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = existing
      ? await api<StatusPageConfig>(`/status-pages/${existing.page.slug}`, {
          method: 'PUT',
          body: bodyOf(draft),
          ifMatch: existing.etag ?? '*',
        })
      : await api<StatusPageConfig>('/status-pages', { method: 'POST', body: bodyOf(draft) });
    setBusy(false);
    if (result.ok) return onSaved(result.value);
    setError(
      result.error.status === 412
        ? {
            ...result.error,
            message:
              'Someone changed this page while you were editing it. Close the form and open it again to see their version.',
          }
        : result.error,
    );
  };

  return (
    <form className="card" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      {error ? <ErrorState title="The page was not saved" error={error} /> : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="sp-slug">
            Slug <span className="hint">(the address /status/slug; cannot change later)</span>
          </label>
          <input
            id="sp-slug"
            value={draft.slug}
            required
            disabled={existing !== undefined}
            maxLength={63}
            onChange={(e) => set({ slug: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="sp-title">Title</label>
          <input
            id="sp-title"
            value={draft.title}
            required
            onChange={(e) => set({ title: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="sp-audience">Audience</label>
          <select
            id="sp-audience"
            value={draft.audienceKind}
            onChange={(e) => set({ audienceKind: e.target.value as PageDraft['audienceKind'] })}
          >
            <option value="public">Public: anyone, no sign-in</option>
            <option value="internal">Internal: signed-in users</option>
            <option value="customer">One customer</option>
          </select>
        </div>
        {draft.audienceKind === 'customer' ? (
          <div className="field">
            <label htmlFor="sp-party">Customer</label>
            <select
              id="sp-party"
              value={draft.party}
              onChange={(e) => set({ party: e.target.value })}
            >
              <option value="">Choose a party</option>
              {parties.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <fieldset>
        <legend>Listed services ({draft.entries.length})</legend>
        {draft.entries.length === 0 ? (
          <p className="muted">None yet: add the services this audience should see.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Name shown</th>
                <th scope="col">Group</th>
                <th scope="col">Key</th>
                <th scope="col">Order</th>
              </tr>
            </thead>
            <tbody>
              {draft.entries.map((e, i) => {
                const label = names.get(e.service) ?? e.service;
                return (
                  <tr key={e.service}>
                    <th scope="row">{label}</th>
                    <td>
                      <input
                        aria-label={`Name shown for ${label}`}
                        value={e.name}
                        required
                        onChange={(ev) => setEntry(i, { name: ev.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Group of ${label}`}
                        value={e.group}
                        onChange={(ev) => setEntry(i, { group: ev.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Key of ${label}`}
                        value={e.key}
                        placeholder="from the name"
                        onChange={(ev) => setEntry(i, { key: ev.target.value })}
                      />
                    </td>
                    <td className="row">
                      <button
                        type="button"
                        aria-label={`Move ${label} up`}
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        aria-label={`Move ${label} down`}
                        disabled={i === draft.entries.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        aria-label={`Remove ${label}`}
                        onClick={() => set({ entries: draft.entries.filter((_, j) => j !== i) })}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="field">
          <label htmlFor="sp-add">Add a service</label>
          <select id="sp-add" value={adding} onChange={(e) => add(e.target.value)}>
            <option value="">Choose a service</option>
            {services
              .filter((s) => !listed.has(s.id))
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </select>
        </div>
      </fieldset>
      <div className="field">
        <label className="row">
          <input
            type="checkbox"
            checked={draft.showRootCause}
            onChange={(e) => set({ showRootCause: e.target.checked })}
          />
          Show root causes (only among the entries the page lists)
        </label>
        <label className="row">
          <input
            type="checkbox"
            checked={draft.showInternalIncidents}
            onChange={(e) => set({ showInternalIncidents: e.target.checked })}
          />
          Show internal incidents too (never on a public page)
        </label>
      </div>
      <div className="field">
        <label htmlFor="sp-branding">
          Branding <span className="hint">(plain text under the title)</span>
        </label>
        <textarea
          id="sp-branding"
          rows={2}
          value={draft.branding}
          onChange={(e) => set({ branding: e.target.value })}
        />
      </div>
      <div className="form-actions row">
        <button type="submit" className="primary" disabled={busy}>
          {existing ? 'Save page' : 'Create page'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
