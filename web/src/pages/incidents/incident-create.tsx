import { type FormEvent, useState } from 'react';
import { INCIDENT_LIMITS } from '../../../../src/incidents/limits.js';
import { type ApiError, api } from '../../api/client.js';
import type { Incident } from '../../api/ops-types.js';
import type { ServiceItem } from '../../api/types.js';
import { ErrorState } from '../../components/states.js';
import { navigate } from '../../router.js';
import { AffectedEditor } from './affected-editor.js';
import {
  type AffectedRow,
  affectedBody,
  INCIDENT_STATUS_TEXT,
  OPEN_STATUSES,
} from './incident-model.js';

/** Opens an incident (POST /incidents); the API's problems are shown, each with its field. */
export function IncidentCreate({
  services,
  initialService,
  onCancel,
}: {
  services: readonly ServiceItem[];
  initialService?: string;
  onCancel(): void;
}) {
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<(typeof OPEN_STATUSES)[number]>('investigating');
  const [visibility, setVisibility] = useState<'internal' | 'public'>('internal');
  const [rows, setRows] = useState<AffectedRow[]>([
    { service: initialService ?? '', impact: 'major_outage' },
  ]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api<Incident>('/incidents', {
      method: 'POST',
      body: { title, message, status, visibility, services: affectedBody(rows) },
    });
    setBusy(false);
    if (result.ok) navigate(`/incidents/${result.value.id}`);
    else setError(result.error);
  };
  return (
    <form className="card" onSubmit={submit} aria-label="Open an incident">
      <h2>Open an incident</h2>
      {error ? <ErrorState title="The incident was not opened" error={error} /> : null}
      <div className="field">
        <label htmlFor="new-incident-title">Title</label>
        <input
          id="new-incident-title"
          maxLength={INCIDENT_LIMITS.titleMaxLength}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="new-incident-message">
          First update <span className="hint">what is known, for the people affected</span>
        </label>
        <textarea
          id="new-incident-message"
          className="prose"
          rows={3}
          maxLength={INCIDENT_LIMITS.messageMaxLength}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="new-incident-status">Status</label>
          <select
            id="new-incident-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as typeof status)}
          >
            {OPEN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {INCIDENT_STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-incident-visibility">Visibility</label>
          <select
            id="new-incident-visibility"
            value={visibility}
            onChange={(e) => setVisibility(e.target.value as typeof visibility)}
          >
            <option value="internal">Internal</option>
            <option value="public">Public (status pages)</option>
          </select>
        </div>
      </div>
      <AffectedEditor idPrefix="new-incident" rows={rows} services={services} onChange={setRows} />
      <div className="row form-actions">
        <button type="submit" className="primary" disabled={busy}>
          Open incident
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
