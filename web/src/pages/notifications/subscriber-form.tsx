import { type FormEvent, useState } from 'react';
import { type ApiError, api } from '../../api/client.js';
import type { ServiceItem } from '../../api/types.js';
import { ErrorState } from '../../components/states.js';
import {
  EMPTY_SUBSCRIBER,
  NOTIFY_EVENT_TYPES,
  type Subscriber,
  type SubscriberDraft,
  subscriberBody,
} from './notify-model.js';

const TARGET_LABEL: Record<SubscriberDraft['kind'], string> = {
  webhook: 'Webhook URL',
  slack: 'Slack incoming-webhook URL',
  email: 'Email address',
};

/**
 * Subscribes a webhook, a Slack channel or an email address to services or to a status page
 * (POST /api/v1/notify/subscribers). The API checks the target against the outbound rules and
 * says what is wrong by field; a webhook's signing secret comes back once and goes to `onCreated`.
 */
export function SubscriberForm({
  services,
  pages,
  onCreated,
  onCancel,
}: {
  services: readonly ServiceItem[];
  pages: readonly { slug: string; title: string }[];
  onCreated(subscriber: Subscriber, signingSecret: string | undefined): void;
  onCancel(): void;
}) {
  const [draft, setDraft] = useState<SubscriberDraft>(EMPTY_SUBSCRIBER);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<SubscriberDraft>) => setDraft({ ...draft, ...patch });
  const names = new Map(services.map((s) => [s.id, s.name]));
  const toggleEvent = (type: string) =>
    set({
      events: draft.events.includes(type)
        ? draft.events.filter((e) => e !== type)
        : NOTIFY_EVENT_TYPES.filter((e) => e === type || draft.events.includes(e)),
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api<{ subscriber: Subscriber; signingSecret?: string }>(
      '/notify/subscribers',
      { method: 'POST', body: subscriberBody(draft) },
    );
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onCreated(result.value.subscriber, result.value.signingSecret);
  };

  return (
    <form className="card" onSubmit={submit} aria-label="New subscriber">
      <h2>New subscriber</h2>
      {error ? <ErrorState title="The subscriber was not created" error={error} /> : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="sub-kind">Kind</label>
          <select
            id="sub-kind"
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as SubscriberDraft['kind'] })}
          >
            <option value="webhook">Webhook (signed JSON)</option>
            <option value="slack">Slack</option>
            <option value="email">Email</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sub-target">{TARGET_LABEL[draft.kind]}</label>
          <input
            id="sub-target"
            type={draft.kind === 'email' ? 'email' : 'url'}
            value={draft.target}
            required
            maxLength={2000}
            onChange={(e) => set({ target: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="sub-name">
            Name <span className="hint">(optional)</span>
          </label>
          <input
            id="sub-name"
            value={draft.name}
            maxLength={200}
            onChange={(e) => set({ name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="sub-scope">Hears about</label>
          <select
            id="sub-scope"
            value={draft.scope}
            onChange={(e) => set({ scope: e.target.value as SubscriberDraft['scope'] })}
          >
            <option value="services">Chosen services</option>
            <option value="page">What a status page lists</option>
          </select>
        </div>
      </div>
      {draft.scope === 'page' ? (
        <div className="field">
          <label htmlFor="sub-page">Status page</label>
          <select id="sub-page" value={draft.page} onChange={(e) => set({ page: e.target.value })}>
            <option value="">Choose a page</option>
            {pages.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="sub-add-service">Add a service</label>
          <select
            id="sub-add-service"
            value=""
            onChange={(e) =>
              e.target.value && set({ services: [...draft.services, e.target.value] })
            }
          >
            <option value="">Choose a service</option>
            {services
              .filter((s) => !draft.services.includes(s.id))
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </select>
          <ul className="plain chips" aria-label="Chosen services">
            {draft.services.map((id) => (
              <li key={id} className="tag">
                {names.get(id) ?? id}{' '}
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${names.get(id) ?? id}`}
                  onClick={() => set({ services: draft.services.filter((s) => s !== id) })}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <fieldset>
        <legend>Events</legend>
        {NOTIFY_EVENT_TYPES.map((type) => (
          <label key={type} className="row">
            <input
              type="checkbox"
              checked={draft.events.includes(type)}
              onChange={() => toggleEvent(type)}
            />
            <code>{type}</code>
          </label>
        ))}
        <label className="row">
          <input
            type="checkbox"
            checked={draft.internal}
            onChange={(e) => set({ internal: e.target.checked })}
          />
          Incidents marked internal too
        </label>
      </fieldset>
      <div className="form-actions row">
        <button type="submit" className="primary" disabled={busy}>
          Create subscriber
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
