import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { INCIDENT_LIMITS } from '../../../../src/incidents/limits.js';
import { type ApiError, type ApiResult, api } from '../../api/client.js';
import type { Incident, IncidentStatus } from '../../api/ops-types.js';
import { useAbilities } from '../../api/session.js';
import type { Explanation } from '../../api/types.js';
import { useChain } from '../../api/use-chain.js';
import { ErrorState, Loading } from '../../components/states.js';
import { StatusBadge } from '../../components/status.js';
import { useTitle } from '../../components/use-title.js';
import { Link } from '../../router.js';
import { statusOf } from '../board/board-model.js';
import { ExplainTree } from '../service/explain-tree.js';
import { AffectedEditor } from './affected-editor.js';
import { IncidentStatusBadge, When } from './incident-bits.js';
import {
  type AffectedRow,
  affectedBody,
  durationText,
  INCIDENT_STATUS_TEXT,
  OPEN_STATUSES,
} from './incident-model.js';

type Loaded = ApiResult<Incident>;

/** One incident: what it affects, its updates, the root cause captured, the postmortem. */
export function IncidentPage({ id }: { id: string }) {
  const chain = useChain();
  const { write, teams } = useAbilities();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useTitle(loaded?.ok ? loaded.value.title : `Incident ${id}`);
  const load = useCallback(async () => setLoaded(await api<Incident>(`/incidents/${id}`)), [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const names = useMemo(() => {
    const map = new Map(chain.services.map((s) => [s.id, s.name]));
    for (const p of chain.parties) map.set(`party:${p.id}`, p.name);
    return map;
  }, [chain.services, chain.parties]);

  if (!loaded) return <Loading what="the incident" />;
  if (!loaded.ok) return <ErrorState title={`Incident ${id}`} error={loaded.error} />;
  const incident = loaded.value;
  const etag = loaded.etag ?? '*';
  // As the API judges it: editors, or members of the teams providing every affected service.
  const mayWrite =
    write ||
    (incident.services.length > 0 &&
      incident.services.every((s) => {
        const provider = chain.services.find((x) => x.id === s.service)?.provider;
        return provider !== undefined && teams.includes(provider);
      }));
  const done = (result: Loaded) => {
    if (result.ok) setLoaded(result);
    return result;
  };
  return (
    <article aria-labelledby="incident-title">
      <p className="muted">
        <Link to="/incidents">Incidents</Link> / #{incident.id}
      </p>
      <h1 id="incident-title">{incident.title}</h1>
      <p className="row">
        <IncidentStatusBadge status={incident.status} />
        <span className="flag">{incident.visibility}</span>
        <span className="muted">
          opened <When iso={incident.createdAt} /> by {incident.author}
          {incident.resolvedAt ? (
            <>
              {' '}
              · resolved <When iso={incident.resolvedAt} /> after{' '}
              {durationText(incident.createdAt, incident.resolvedAt)}
            </>
          ) : (
            <> · open for {durationText(incident.createdAt, new Date().toISOString())}</>
          )}
        </span>
      </p>
      <div className="cards">
        <section className="card" aria-labelledby="affected-title">
          <h2 id="affected-title">Affected services ({incident.services.length})</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Declared impact</th>
                <th scope="col">Status now</th>
              </tr>
            </thead>
            <tbody>
              {incident.services.map((s) => {
                const now = statusOf(chain.statuses, s.service);
                return (
                  <tr key={s.service}>
                    <td>
                      <Link to={`/services/${encodeURIComponent(s.service)}`}>
                        {names.get(s.service) ?? s.service}
                      </Link>
                    </td>
                    <td>
                      <StatusBadge level={s.impact} compact />
                    </td>
                    <td>
                      <StatusBadge level={now.level} maintenance={now.maintenance} compact />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        {mayWrite ? <UpdateForm incident={incident} onPosted={(r) => done(r)} etag={etag} /> : null}
      </div>
      <h2>Updates ({incident.updates.length})</h2>
      <ol className="timeline" aria-label="Updates, oldest first">
        {incident.updates.map((u, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: updates are only ever appended
          <li key={i}>
            <div className="row">
              <IncidentStatusBadge status={u.status} />
              <When iso={u.at} />
              <span className="muted">{u.author}</span>
            </div>
            <p className="prose-text">{u.message}</p>
          </li>
        ))}
      </ol>
      {mayWrite ? <EditIncident incident={incident} etag={etag} onSaved={done} /> : null}
      <h2>Root cause when it was opened</h2>
      {incident.rootCause.length === 0 ? (
        <p className="muted">Nothing was captured.</p>
      ) : (
        incident.rootCause.map((r) => (
          <section
            key={r.service}
            aria-label={`Root cause of ${names.get(r.service) ?? r.service}`}
          >
            <h3>{names.get(r.service) ?? r.service}</h3>
            <ExplainTree explanation={r.explanation as Explanation} names={names} />
          </section>
        ))
      )}
      <Postmortem incident={incident} etag={etag} mayWrite={mayWrite} onSaved={done} />
    </article>
  );
}

function UpdateForm({
  incident,
  etag,
  onPosted,
}: {
  incident: Incident;
  etag: string;
  onPosted(result: Loaded): void;
}) {
  const resolved = incident.status === 'resolved';
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<IncidentStatus>(
    resolved ? 'investigating' : incident.status,
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (kind: 'update' | 'resolve') => {
    setBusy(true);
    const result =
      kind === 'resolve'
        ? await api<Incident>(`/incidents/${incident.id}/resolve`, {
            method: 'POST',
            body: { message },
            ifMatch: etag,
          })
        : await api<Incident>(`/incidents/${incident.id}/updates`, {
            method: 'POST',
            body: { message, status, ...(resolved && { reopen: true }) },
          });
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (result.ok) setMessage('');
    onPosted(result);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send('update');
  };
  return (
    <section className="card" aria-labelledby="post-update-title">
      <h2 id="post-update-title">{resolved ? 'Reopen' : 'Post an update'}</h2>
      <form onSubmit={submit} aria-label="Post an update">
        {error ? <ErrorState title="The update was not posted" error={error} /> : null}
        <div className="field">
          <label htmlFor="update-message">Message</label>
          <textarea
            id="update-message"
            className="prose"
            rows={3}
            maxLength={INCIDENT_LIMITS.messageMaxLength}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="update-status">New status</label>
          <select
            id="update-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as IncidentStatus)}
          >
            {OPEN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {INCIDENT_STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {resolved ? 'Reopen with this update' : 'Post update'}
          </button>
          {!resolved ? (
            <button type="button" disabled={busy} onClick={() => void send('resolve')}>
              Resolve with this message
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

/** Title, visibility and affected services, changed with If-Match. */
function EditIncident({
  incident,
  etag,
  onSaved,
}: {
  incident: Incident;
  etag: string;
  onSaved(result: Loaded): Loaded;
}) {
  const chain = useChain();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(incident.title);
  const [visibility, setVisibility] = useState(incident.visibility);
  const [rows, setRows] = useState<AffectedRow[]>(incident.services);
  const [error, setError] = useState<ApiError | null>(null);
  if (!open)
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          Change title, visibility or services
        </button>
      </p>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = onSaved(
      await api<Incident>(`/incidents/${incident.id}`, {
        method: 'PATCH',
        body: { title, visibility, services: affectedBody(rows) },
        ifMatch: etag,
      }),
    );
    if (result.ok) setOpen(false);
    else
      setError(
        result.error.status === 412
          ? {
              ...result.error,
              message:
                'Someone changed this incident meanwhile. Reload the page to see their version, then apply your change again.',
            }
          : result.error,
      );
  };
  return (
    <form className="card" onSubmit={submit} aria-label="Change the incident">
      <h2>Change the incident</h2>
      {error ? <ErrorState title="The incident was not changed" error={error} /> : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="edit-incident-title">Title</label>
          <input
            id="edit-incident-title"
            maxLength={INCIDENT_LIMITS.titleMaxLength}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="edit-incident-visibility">Visibility</label>
          <select
            id="edit-incident-visibility"
            value={visibility}
            onChange={(e) => setVisibility(e.target.value as typeof visibility)}
          >
            <option value="internal">Internal</option>
            <option value="public">Public (status pages)</option>
          </select>
        </div>
      </div>
      <AffectedEditor
        idPrefix="edit-incident"
        rows={rows}
        services={chain.services}
        onChange={setRows}
      />
      <div className="row form-actions">
        <button type="submit" className="primary">
          Save changes
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The postmortem, as text (markdown is shown as written, never as HTML). */
function Postmortem({
  incident,
  etag,
  mayWrite,
  onSaved,
}: {
  incident: Incident;
  etag: string;
  mayWrite: boolean;
  onSaved(result: Loaded): Loaded;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(incident.postmortem ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = onSaved(
      await api<Incident>(`/incidents/${incident.id}/postmortem`, {
        method: 'PUT',
        body: { postmortem: text },
        ifMatch: etag,
      }),
    );
    setError(result.ok ? null : result.error);
    if (result.ok) setEditing(false);
  };
  return (
    <section aria-labelledby="postmortem-title">
      <h2 id="postmortem-title">Postmortem</h2>
      {editing ? (
        <form onSubmit={save} aria-label="Postmortem">
          {error ? <ErrorState title="The postmortem was not saved" error={error} /> : null}
          <div className="field">
            <label htmlFor="postmortem-text">
              Postmortem <span className="hint">markdown; empty removes it</span>
            </label>
            <textarea
              id="postmortem-text"
              rows={12}
              maxLength={INCIDENT_LIMITS.postmortemMaxLength}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <div className="row">
            <button type="submit" className="primary">
              Save postmortem
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          {incident.postmortem ? (
            <pre className="postmortem">{incident.postmortem}</pre>
          ) : (
            <p className="muted">Not written yet.</p>
          )}
          {mayWrite ? (
            <button type="button" onClick={() => setEditing(true)}>
              {incident.postmortem ? 'Edit the postmortem' : 'Write the postmortem'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
