import { useEffect, useState } from 'react';
import { type ApiError, api } from '../../api/client.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { type Delivery, STATE_TEXT, type Subscriber } from './notify-model.js';

const PAGE_SIZE = 50;
const STATUSES = ['pending', 'delivered', 'failed', 'skipped', 'cancelled'] as const;

interface DeliveryPage {
  items: Delivery[];
  nextBefore: number | null;
}

/** The delivery log (GET /api/v1/notify/deliveries), newest first, by subscriber and status. */
export function DeliveryLog({
  subscribers,
  subscriber,
  onSubscriber,
  version,
}: {
  subscribers: readonly Subscriber[];
  subscriber: number | null;
  onSubscriber(id: number | null): void;
  /** Changes after each action, so a test message shows up. */
  version: number;
}) {
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [older, setOlder] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (subscriber !== null) query.set('subscriber', String(subscriber));
  if (status) query.set('status', status);
  const text = query.toString();

  useEffect(() => {
    void version;
    const controller = new AbortController();
    api<DeliveryPage>(`/notify/deliveries?${text}`, { signal: controller.signal }).then(
      (result) => {
        if (!result.ok) return setError(result.error);
        setError(null);
        setItems(result.value.items);
        setOlder(result.value.nextBefore);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [text, version]);

  const loadOlder = async () => {
    if (older === null) return;
    const result = await api<DeliveryPage>(`/notify/deliveries?${text}&before=${older}`);
    if (!result.ok) return setError(result.error);
    setItems((current) => [...(current ?? []), ...result.value.items]);
    setOlder(result.value.nextBefore);
  };
  const names = new Map(subscribers.map((s) => [s.id, s.name]));

  return (
    <section aria-labelledby="delivery-log-title" className="spaced">
      <h2 id="delivery-log-title">Delivery log</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="deliveries-subscriber">Subscriber</label>
          <select
            id="deliveries-subscriber"
            value={subscriber === null ? '' : String(subscriber)}
            onChange={(e) => onSubscriber(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">Every subscriber</option>
            {subscribers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="deliveries-status">Outcome</label>
          <select id="deliveries-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error ? (
        <ErrorState title="The delivery log could not be loaded" error={error} />
      ) : !items ? (
        <Loading what="the delivery log" />
      ) : items.length === 0 ? (
        <Empty title="No deliveries">
          Messages show here once something happens, or after a test.
        </Empty>
      ) : (
        <table data-testid="delivery-log">
          <caption className="visually-hidden">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">Subscriber</th>
              <th scope="col">Message</th>
              <th scope="col">Outcome</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <time dateTime={new Date(d.createdAt).toISOString()}>
                    {new Date(d.createdAt).toLocaleString()}
                  </time>
                </td>
                <td>{names.get(d.subscriber) ?? `#${d.subscriber}`}</td>
                <td>
                  <code>{d.type}</code>
                  {d.key ? <div className="muted">{d.key}</div> : null}
                </td>
                <td data-status={d.status}>
                  {STATE_TEXT[d.status] ?? d.status}
                  {d.status === 'pending' ? (
                    <div className="muted">
                      next try {new Date(d.nextAttemptAt).toLocaleTimeString()}
                    </div>
                  ) : null}
                </td>
                <td>{d.attempts}</td>
                <td>
                  {d.responseStatus !== null ? `HTTP ${d.responseStatus}` : ''}
                  {d.lastError ? <div className="muted">{d.lastError}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {older !== null ? (
        <p>
          <button type="button" onClick={() => void loadOlder()}>
            Older deliveries
          </button>
        </p>
      ) : null}
    </section>
  );
}
