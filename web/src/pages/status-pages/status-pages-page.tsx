import { useCallback, useEffect, useState } from 'react';
import { type ApiError, type ApiResult, api, deleteCurrent } from '../../api/client.js';
import { useAbilities } from '../../api/session.js';
import { useChain } from '../../api/use-chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { useTitle } from '../../components/use-title.js';
import { StatusPageForm } from './status-page-form.js';
import {
  audienceWords,
  draftOf,
  type PageDraft,
  type StatusPageConfig,
} from './status-page-model.js';

type Editing =
  | { mode: 'new' }
  | { mode: 'edit'; page: StatusPageConfig; etag: string | null; draft: PageDraft };

/**
 * The status pages' configuration (/api/v1/status-pages): everyone reads it; admins create,
 * change and delete pages. Each links to the page as its audience sees it.
 */
export function StatusPagesPage() {
  useTitle('Status pages');
  const { admin } = useAbilities();
  const chain = useChain();
  const [pages, setPages] = useState<ApiResult<{ items: StatusPageConfig[] }> | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(
    async () => setPages(await api<{ items: StatusPageConfig[] }>('/status-pages')),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const partyName = (id: string) => chain.parties.find((p) => p.id === id)?.name ?? id;
  const edit = async (slug: string) => {
    const result = await api<StatusPageConfig>(`/status-pages/${slug}`);
    if (!result.ok) return setError(result.error);
    setEditing({
      mode: 'edit',
      page: result.value,
      etag: result.etag,
      draft: draftOf(result.value),
    });
  };
  const remove = async (page: StatusPageConfig) => {
    if (!window.confirm(`Delete the status page “${page.title}”? It stops being served at once.`))
      return;
    const result = await deleteCurrent(`/status-pages/${page.slug}`);
    if (!result.ok) return setError(result.error);
    setError(null);
    setNotice(`Deleted “${page.title}”.`);
    await load();
  };

  if (!pages) return <Loading what="the status pages" />;
  if (!pages.ok)
    return <ErrorState title="The status pages could not be loaded" error={pages.error} />;
  return (
    <>
      <div className="row page-head">
        <h1>Status pages</h1>
        {admin && !editing ? (
          <button type="button" className="primary" onClick={() => setEditing({ mode: 'new' })}>
            New status page
          </button>
        ) : null}
      </div>
      {error ? <ErrorState title="Not changed" error={error} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {editing ? (
        <StatusPageForm
          key={editing.mode === 'edit' ? editing.page.slug : 'new'}
          existing={editing.mode === 'edit' ? editing : undefined}
          services={chain.services}
          parties={chain.parties}
          onCancel={() => setEditing(null)}
          onSaved={(page) => {
            setEditing(null);
            setError(null);
            setNotice(`Saved “${page.title}”: served at ${page.url}.`);
            void load();
          }}
        />
      ) : null}
      {pages.value.items.length === 0 ? (
        <Empty title="No status pages">
          {admin
            ? 'Create one to tell an audience how its services are.'
            : 'An admin creates them.'}
        </Empty>
      ) : (
        <table data-testid="status-page-list">
          <caption className="visually-hidden">Status pages by slug</caption>
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">Audience</th>
              <th scope="col">Services</th>
              <th scope="col">Root causes</th>
              <th scope="col">Changed</th>
              {admin ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {pages.value.items.map((p) => (
              <tr key={p.slug}>
                <td>
                  <a href={p.url}>{p.title}</a> <code className="muted">{p.url}</code>
                </td>
                <td>{audienceWords(p.audience, partyName)}</td>
                <td>{p.services.length}</td>
                <td>{p.showRootCause ? '✓ shown' : '✕ hidden'}</td>
                <td>
                  <time dateTime={p.updatedAt}>{new Date(p.updatedAt).toLocaleString()}</time>
                </td>
                {admin ? (
                  <td className="row">
                    <button
                      type="button"
                      aria-label={`Edit ${p.title}`}
                      onClick={() => void edit(p.slug)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Delete ${p.title}`}
                      onClick={() => void remove(p)}
                    >
                      Delete
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
