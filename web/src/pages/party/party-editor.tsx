import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../../src/api/schemas/limits.js';
import { PARTY_KINDS } from '../../../../src/model/entities.js';
import { type ApiError, deleteCurrent, patchCurrent, seg } from '../../api/client.js';
import type { PartyItem } from '../../api/types.js';
import { ErrorState } from '../../components/states.js';
import { navigate } from '../../router.js';

/** Editors change a party (a merge patch against the version read), end subscriptions, delete it. */
export function PartyEditor({
  party,
  parties,
  onChanged,
  onClose,
}: {
  party: PartyItem;
  parties: readonly PartyItem[];
  onChanged(): void;
  onClose(): void;
}) {
  const [name, setName] = useState(party.name);
  const [description, setDescription] = useState(party.description ?? '');
  const [kind, setKind] = useState<string>(party.kind);
  const [parent, setParent] = useState(party.parent ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const path = `/parties/${seg(party.id)}`;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await patchCurrent(path, {
      name,
      description: description.trim() || null,
      kind,
      parent: parent || null,
    });
    setError(result.ok ? null : result.error);
    if (result.ok) {
      onChanged();
      onClose();
    }
  };
  const unsubscribe = async (service: string) => {
    const result = await deleteCurrent(`/subscriptions/${seg(party.id)}/${seg(service)}`);
    setError(result.ok ? null : result.error);
    if (result.ok) onChanged();
  };
  const remove = async () => {
    if (!window.confirm(`Delete ${party.name}?`)) return;
    const result = await deleteCurrent(path);
    if (result.ok) {
      onChanged();
      navigate('/parties');
    } else setError(result.error);
  };
  return (
    <section className="card" aria-label="Edit party">
      {error ? <ErrorState title="Not changed" error={error} /> : null}
      <form onSubmit={save} aria-label="Edit party details">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="party-name">Name</label>
            <input
              id="party-name"
              maxLength={LIMITS.nameMaxLength}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="party-kind-edit">Kind</label>
            <select id="party-kind-edit" value={kind} onChange={(e) => setKind(e.target.value)}>
              {PARTY_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="party-parent">Part of</label>
            <select id="party-parent" value={parent} onChange={(e) => setParent(e.target.value)}>
              <option value="">No parent</option>
              {parties
                .filter((p) => p.id !== party.id)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="party-description">Description</label>
          <textarea
            id="party-description"
            rows={2}
            maxLength={LIMITS.descriptionMaxLength}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <div className="row">
          <button type="submit" className="primary">
            Save changes
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete this party
          </button>
        </div>
      </form>
      {(party.consumes ?? []).length > 0 ? (
        <>
          <h3>Subscriptions</h3>
          <ul>
            {(party.consumes ?? []).map((c) => (
              <li key={c.service}>
                {c.service}{' '}
                <button type="button" onClick={() => void unsubscribe(c.service)}>
                  End the subscription to {c.service}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
