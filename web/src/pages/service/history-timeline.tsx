import { useEffect, useState } from 'react';
import { type ApiError, api, seg } from '../../api/client.js';
import type { Timeline } from '../../api/ops-types.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { StatusBadge } from '../../components/status.js';
import { Link } from '../../router.js';

const WINDOWS = [
  { label: '24 hours', ms: 86_400_000 },
  { label: '7 days', ms: 7 * 86_400_000 },
  { label: '30 days', ms: 30 * 86_400_000 },
] as const;

/** What a change's cause says, in words, with the service it names when there is one. */
export function causeText(cause: string): { text: string; service?: string } {
  const [kind, ...rest] = cause.split(':');
  const detail = rest.join(':');
  switch (kind) {
    case 'signal':
      // An open incident's impact is a signal input of its own (incident/<id>).
      return {
        text: detail.startsWith('incident/') ? `incident #${detail.slice(9)}` : `signal ${detail}`,
      };
    case 'override':
      return { text: 'a manual override' };
    case 'maintenance':
      return { text: detail ? `maintenance window ${detail}` : 'maintenance' };
    case 'acknowledge':
      // Given, taken back, lapsed, or cleared when the service recovered: the flags say which.
      return { text: 'an acknowledgement' };
    case 'dependency':
      return { text: 'its dependency', service: detail };
    case 'incident':
      return { text: detail ? `incident #${detail}` : 'an incident' };
    case 'model':
      return { text: 'a model change' };
    case 'restart':
      return { text: 'the server restarting' };
    default:
      return { text: cause };
  }
}

/** The service's status changes with their causes, newest first (GET /services/:id/timeline). */
export function HistoryTimeline({
  service,
  names,
}: {
  service: string;
  names: ReadonlyMap<string, string>;
}) {
  const [window, setWindow] = useState<number>(WINDOWS[1].ms);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const to = new Date();
    const from = new Date(to.getTime() - window);
    setTimeline(null);
    api<Timeline>(
      `/services/${seg(service)}/timeline?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&limit=1000`,
      { signal: controller.signal },
    ).then(
      (result) => {
        if (result.ok) {
          setError(null);
          setTimeline(result.value);
        } else setError(result.error);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [service, window]);
  return (
    <section aria-labelledby="history-title">
      <div className="row">
        <h2 id="history-title">History</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Over the last</legend>
          {WINDOWS.map((w) => (
            <button
              key={w.label}
              type="button"
              aria-pressed={window === w.ms}
              onClick={() => setWindow(w.ms)}
            >
              {w.label}
            </button>
          ))}
        </fieldset>
      </div>
      {error ? (
        <ErrorState title="The history could not be loaded" error={error} />
      ) : !timeline ? (
        <Loading what="the history" />
      ) : timeline.changes.length === 0 ? (
        <Empty title="No changes in this time">
          It was <StatusBadge level={timeline.state.level} compact /> throughout.
        </Empty>
      ) : (
        <ol className="timeline" aria-label="Status changes, newest first" data-testid="history">
          {[...timeline.changes].reverse().map((c) => {
            const cause = causeText(c.cause);
            return (
              <li key={c.id}>
                <div className="row">
                  <time dateTime={c.at}>{new Date(c.at).toLocaleString()}</time>
                  <StatusBadge level={c.from.level} maintenance={c.from.maintenance} compact />
                  <span aria-hidden="true">→</span>
                  <span className="visually-hidden">became</span>
                  <StatusBadge
                    level={c.to.level}
                    maintenance={c.to.maintenance}
                    acknowledged={c.to.acknowledged}
                    compact
                  />
                </div>
                <p className="muted">
                  because of {cause.text}
                  {cause.service ? (
                    <>
                      {' '}
                      <Link to={`/services/${encodeURIComponent(cause.service)}`}>
                        {names.get(cause.service) ?? cause.service}
                      </Link>
                    </>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {timeline?.next !== null && timeline ? (
        <p className="muted">Only the first 1,000 changes are shown; pick a shorter time.</p>
      ) : null}
    </section>
  );
}
