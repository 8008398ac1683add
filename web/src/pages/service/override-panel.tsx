import { type FormEvent, useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { api, seg } from '../../api/client.js';
import type { Explanation } from '../../api/types.js';
import { ErrorState } from '../../components/states.js';
import { LEVEL_TEXT, STATUS_LEVELS, StatusBadge } from '../../components/status.js';

interface OverrideAnswer {
  level: string;
  reason: string;
  expiresAt: string | null;
}

/**
 * Setting a service's status by hand (POST/DELETE /api/v1/services/ID/override): a level, a
 * reason and an expiry, and clearing it. For editors and the providing team, as the API allows.
 * Acknowledging is beside it (acknowledgement-panel.tsx).
 */
export function OverridePanel({
  service,
  current,
  onChanged,
}: {
  service: string;
  /** The manual status in force, from the explanation. */
  current: Explanation['override'] | undefined;
  onChanged(): void;
}) {
  const [level, setLevel] = useState<string>('major_outage');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('2h');
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/services/${seg(service)}/override`;

  const set = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const body = { level, reason, ...(expires.trim() ? { expires: expires.trim() } : {}) };
    const result = await api<OverrideAnswer>(path, { method: 'POST', body });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    const until = result.value.expiresAt
      ? ` until ${new Date(result.value.expiresAt).toLocaleString()}`
      : ' until it is cleared';
    setNotice(`Set to ${LEVEL_TEXT[level as keyof typeof LEVEL_TEXT] ?? level}${until}.`);
    setReason('');
    onChanged();
  };
  const clear = async () => {
    setBusy(true);
    const result = await api(path, { method: 'DELETE' });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setNotice('The manual status is cleared; the signals and the chain decide again.');
    onChanged();
  };

  return (
    <section className="card spaced" aria-labelledby="override-title">
      <h2 id="override-title">Manual status</h2>
      {error ? <ErrorState title="Not changed" error={error} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {current ? (
        <p className="row" data-testid="override-current">
          In force: <StatusBadge level={current.level} />
          {current.author ? <span>by {current.author}</span> : null}
          {current.reason ? <span className="muted">“{current.reason}”</span> : null}
          <button type="button" className="danger" disabled={busy} onClick={() => void clear()}>
            Clear manual status
          </button>
        </p>
      ) : (
        <p className="muted">None: the signals and the chain decide its status.</p>
      )}
      <form onSubmit={set} aria-label="Set the status by hand" className="form-grid">
        <div className="field">
          <label htmlFor="override-level">Level</label>
          <select id="override-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            {STATUS_LEVELS.map((l) => (
              <option key={l} value={l}>
                {LEVEL_TEXT[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="override-reason">Reason</label>
          <input
            id="override-reason"
            value={reason}
            maxLength={1000}
            required
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="override-expires">
            Expires after{' '}
            <span className="hint">(2h, 30m, 1d12h or a date-time; empty: never)</span>
          </label>
          <input
            id="override-expires"
            value={expires}
            maxLength={40}
            onChange={(e) => setExpires(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Set status
          </button>
        </div>
      </form>
    </section>
  );
}
