import { type FormEvent, useState } from 'react';
import type { ApiError, ApiResult } from '../../api/client.js';
import type { PartyItem, UserItem } from '../../api/types.js';
import { ErrorState } from '../../components/states.js';

/** A comma-separated list of party ids as the API wants it: trimmed, empty parts dropped. */
export function teamList(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * Changes a user's teams (PATCH /api/v1/users/NAME with `teams`). The ids are sent as typed, so
 * an unknown party comes back as the API's problem for that entry and is shown with it.
 */
export function UserTeamsEditor({
  user,
  parties,
  onSave,
  onClose,
}: {
  user: UserItem;
  parties: readonly PartyItem[];
  onSave(teams: string[]): Promise<ApiResult<unknown>>;
  onClose(): void;
}) {
  const [text, setText] = useState(user.teams.join(', '));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const teams = parties.filter((p) => p.kind === 'team');
  const id = `teams-${user.name}`;
  const chosen = new Set(teamList(text));
  const toggle = (team: string) => {
    const next = teamList(text).filter((t) => t !== team);
    if (!chosen.has(team)) next.push(team);
    setText(next.join(', '));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await onSave(teamList(text));
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.error);
  };
  return (
    <form onSubmit={submit} aria-label={`Teams of ${user.name}`}>
      {error ? <ErrorState title="The teams were not changed" error={error} /> : null}
      <div className="field">
        <label htmlFor={id}>
          Teams of {user.name} <span className="hint">(party ids, comma-separated)</span>
        </label>
        <input id={id} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {teams.length > 0 ? (
        <fieldset>
          <legend>Teams in the model</legend>
          {teams.map((t) => (
            <label key={t.id} className="row">
              <input type="checkbox" checked={chosen.has(t.id)} onChange={() => toggle(t.id)} />
              {t.name} <code>{t.id}</code>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="form-actions row">
        <button type="submit" className="primary" disabled={busy}>
          Save teams
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
