import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { api, seg } from '../../api/client.js';
import type { StatusItem, StatusLevel } from '../../api/types.js';
import { ErrorState } from '../../components/states.js';

type Acknowledgement = NonNullable<StatusItem['acknowledgement']>;

/**
 * Who acknowledged a service's trouble (from its status answer), and for editors and the
 * providing team, acknowledging it with a note and an expiry, or taking that back
 * (PUT/DELETE /api/v1/services/ID/acknowledgement). The server clears it when the service
 * returns to operational.
 */
export function AcknowledgementPanel({
  service,
  level,
  acknowledged,
  mayEdit,
}: {
  service: string;
  level: StatusLevel;
  acknowledged: boolean;
  mayEdit: boolean;
}) {
  const [current, setCurrent] = useState<Acknowledgement | null>(null);
  const [note, setNote] = useState('');
  const [until, setUntil] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(0);
  // The stored expiry the Until field was last given, so that it follows the stored one (an
  // expiry in force when the page loads, one changed or dropped since) but keeps what is typed.
  const storedUntil = useRef('');
  const path = `/services/${seg(service)}/acknowledgement`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: who acknowledged changes with the flags and our own writes
  useEffect(() => {
    let live = true;
    void api<StatusItem>(`/services/${seg(service)}/status`).then((result) => {
      if (!live || !result.ok) return;
      const loaded = result.value.acknowledgement ?? null;
      setCurrent(loaded);
      const expiry = loaded?.expiresAt ?? '';
      if (expiry !== storedUntil.current) {
        storedUntil.current = expiry;
        // Else acknowledging again with the field left empty would drop the expiry.
        setUntil(expiry);
      }
    });
    return () => {
      live = false;
    };
  }, [service, level, acknowledged, changed]);

  const acknowledge = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const body = {
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(until.trim() ? { until: until.trim() } : {}),
    };
    const result = await api<Acknowledgement>(path, { method: 'PUT', body });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setNotice('Acknowledged: what its trouble alone takes down shows as acknowledged too.');
    setNote('');
    // The expiry stored (a 2h typed would be a new 2h when acknowledging again).
    storedUntil.current = result.value.expiresAt ?? '';
    setUntil(storedUntil.current);
    setChanged((n) => n + 1);
  };
  const remove = async () => {
    setBusy(true);
    const result = await api(path, { method: 'DELETE' });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    setNotice('The acknowledgement is taken back.');
    setChanged((n) => n + 1);
  };

  return (
    <section className="card spaced" aria-labelledby="acknowledgement-title">
      <h2 id="acknowledgement-title">Acknowledgement</h2>
      {error ? <ErrorState title="Not changed" error={error} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {current ? (
        <p className="row" data-testid="acknowledgement-current">
          <span>Acknowledged by {current.author}</span>
          {current.note ? <span className="muted">“{current.note}”</span> : null}
          <span className="muted">
            {current.expiresAt
              ? `until ${new Date(current.expiresAt).toLocaleString()}`
              : 'until it recovers'}
          </span>
          {mayEdit ? (
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              Remove acknowledgement
            </button>
          ) : null}
        </p>
      ) : acknowledged ? (
        <p className="muted">
          Acknowledged through its dependencies: all its trouble comes from services someone is on.
        </p>
      ) : level === 'operational' ? (
        <p className="muted">Operational: there is no trouble to acknowledge.</p>
      ) : (
        <p className="muted">Nobody has acknowledged its trouble yet.</p>
      )}
      {mayEdit && level !== 'operational' ? (
        <form onSubmit={acknowledge} aria-label="Acknowledge the trouble" className="form-grid">
          <div className="field">
            <label htmlFor="acknowledgement-note">Note</label>
            <input
              id="acknowledgement-note"
              value={note}
              maxLength={1000}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="acknowledgement-until">
              Until{' '}
              <span className="hint">(2h, 30m, 1d12h or a date-time; empty: it recovers)</span>
            </label>
            <input
              id="acknowledgement-until"
              value={until}
              maxLength={40}
              onChange={(e) => setUntil(e.target.value)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {current ? 'Acknowledge again' : 'Acknowledge'}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
