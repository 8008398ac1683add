import { useCallback, useEffect, useState } from 'react';
import {
  type ApiError,
  type ApiResult,
  api,
  deleteCurrent,
  patchCurrent,
} from '../../api/client.js';
import { useAbilities } from '../../api/session.js';
import { useChain } from '../../api/use-chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { useTitle } from '../../components/use-title.js';
import type { StatusPageConfig } from '../status-pages/status-page-model.js';
import { DeliveryLog } from './delivery-log.js';
import { STATE_TEXT, type Subscriber, scopeText } from './notify-model.js';
import { SubscriberForm } from './subscriber-form.js';

/**
 * Notification subscribers (/api/v1/notify, editors and admins): the list, new webhook, Slack
 * and email subscribers with a webhook's signing secret shown once, a test message, enabling
 * and disabling, deleting, and the delivery log.
 */
export function NotificationsPage() {
  useTitle('Notifications');
  const { write } = useAbilities();
  const chain = useChain();
  const [subscribers, setSubscribers] = useState<ApiResult<{ items: Subscriber[] }> | null>(null);
  const [pages, setPages] = useState<StatusPageConfig[]>([]);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [logVersion, setLogVersion] = useState(0);
  const [logFor, setLogFor] = useState<number | null>(null);
  const load = useCallback(async () => {
    setSubscribers(await api<{ items: Subscriber[] }>('/notify/subscribers'));
    setLogVersion((n) => n + 1);
  }, []);
  useEffect(() => {
    if (!write) return;
    void load();
    void api<{ items: StatusPageConfig[] }>('/status-pages').then(
      (r) => r.ok && setPages(r.value.items),
    );
  }, [load, write]);

  const done = async (result: ApiResult<unknown>, text: string) => {
    if (!result.ok) return setError(result.error);
    setError(null);
    setNotice(text);
    await load();
  };
  const sendTest = async (s: Subscriber) =>
    done(
      await api(`/notify/subscribers/${s.id}/test`, { method: 'POST' }),
      `A test message to “${s.name}” is queued; its outcome shows in the delivery log.`,
    );
  const setEnabled = async (s: Subscriber, enabled: boolean) =>
    done(
      await patchCurrent(`/notify/subscribers/${s.id}`, { enabled }),
      `${enabled ? 'Enabled' : 'Disabled'} “${s.name}”.`,
    );
  const remove = async (s: Subscriber) => {
    if (!window.confirm(`Delete the subscriber “${s.name}” and its delivery log?`)) return;
    await done(await deleteCurrent(`/notify/subscribers/${s.id}`), `Deleted “${s.name}”.`);
  };

  if (!write)
    return <ErrorState title="Notifications" error="Only editors and admins manage subscribers." />;
  if (!subscribers) return <Loading what="the subscribers" />;
  if (!subscribers.ok)
    return <ErrorState title="The subscribers could not be loaded" error={subscribers.error} />;
  const serviceName = (id: string) => chain.services.find((s) => s.id === id)?.name ?? id;
  const items = subscribers.value.items;
  return (
    <>
      <div className="row page-head">
        <h1>Notifications</h1>
        {!creating ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New subscriber
          </button>
        ) : null}
      </div>
      {error ? <ErrorState title="Not done" error={error} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {secret ? (
        <div className="notice" role="status" data-testid="signing-secret">
          <p>
            <strong>Copy the signing secret of “{secret.name}” now.</strong> It is not shown again;
            the receiver checks each message's signature with it.
          </p>
          <p className="secret">{secret.value}</p>
          <button type="button" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      {creating ? (
        <SubscriberForm
          services={chain.services}
          pages={pages}
          onCancel={() => setCreating(false)}
          onCreated={(subscriber, signingSecret) => {
            setCreating(false);
            setError(null);
            setSecret(signingSecret ? { name: subscriber.name, value: signingSecret } : null);
            setNotice(
              subscriber.state === 'pending'
                ? `Created “${subscriber.name}”: it gets messages once the confirmation link sent to it is followed.`
                : `Created “${subscriber.name}”.`,
            );
            void load();
          }}
        />
      ) : null}
      {items.length === 0 ? (
        <Empty title="No subscribers">
          Add a webhook, a Slack channel or an email address to tell people about trouble.
        </Empty>
      ) : (
        <table data-testid="subscriber-list">
          <caption className="visually-hidden">Subscribers by id</caption>
          <thead>
            <tr>
              <th scope="col">Subscriber</th>
              <th scope="col">Kind</th>
              <th scope="col">Hears about</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.name}
                  <div className="muted mono">{s.target}</div>
                </td>
                <td>
                  {s.kind}
                  {s.origin === 'sign-up' ? (
                    <div className="muted">
                      signed up on the page: told only while the page is public
                    </div>
                  ) : null}
                </td>
                <td>{scopeText(s, serviceName)}</td>
                <td>
                  {s.events.length}
                  {s.internal ? ', internal too' : ''}
                </td>
                <td data-state={s.state}>
                  {STATE_TEXT[s.state] ?? s.state}
                  {s.disabledReason ? <div className="muted">{s.disabledReason}</div> : null}
                  {s.failures > 0 ? (
                    <div className="muted">
                      {s.failures} failed attempt{s.failures === 1 ? '' : 's'}
                    </div>
                  ) : null}
                </td>
                <td className="row">
                  <button
                    type="button"
                    aria-label={`Send a test to ${s.name}`}
                    onClick={() => void sendTest(s)}
                  >
                    Send test
                  </button>
                  <button
                    type="button"
                    aria-label={`Deliveries of ${s.name}`}
                    aria-pressed={logFor === s.id}
                    onClick={() => setLogFor(logFor === s.id ? null : s.id)}
                  >
                    Deliveries
                  </button>
                  <button
                    type="button"
                    aria-label={`${s.state === 'disabled' ? 'Enable' : 'Disable'} ${s.name}`}
                    onClick={() => void setEnabled(s, s.state === 'disabled')}
                  >
                    {s.state === 'disabled' ? 'Enable' : 'Disable'}
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete ${s.name}`}
                    onClick={() => void remove(s)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DeliveryLog
        subscribers={items}
        subscriber={logFor}
        onSubscriber={setLogFor}
        version={logVersion}
      />
    </>
  );
}
