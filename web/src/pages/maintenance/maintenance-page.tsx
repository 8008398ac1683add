import { useCallback, useEffect, useMemo, useState } from 'react';
import { type ApiError, type ApiResult, api } from '../../api/client.js';
import type { ImpactPreview, MaintenanceWindow, WindowPage } from '../../api/ops-types.js';
import { useAbilities } from '../../api/session.js';
import { useChain } from '../../api/use-chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { useTitle } from '../../components/use-title.js';
import { Link, navigate, useLocation } from '../../router.js';
import { occurrenceText, scheduleText } from './maintenance-model.js';
import { ImpactPanel, WindowFormCard } from './window-form.js';

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const WHEN = [
  { value: 'upcoming', label: 'Upcoming' },
  { value: 'active', label: 'Active' },
  { value: 'past', label: 'Past and cancelled' },
] as const;
type When = (typeof WHEN)[number]['value'];

const STATE_TEXT: Record<MaintenanceWindow['state'], string> = {
  upcoming: '◷ Upcoming',
  active: '● Going on',
  over: '✓ Over',
  cancelled: '✕ Cancelled',
};

/** Maintenance windows: upcoming, active and past; schedule one (impact first); cancel. */
export function MaintenancePage() {
  useTitle('Maintenance');
  const chain = useChain();
  const { write } = useAbilities();
  const { query } = useLocation();
  const when = (WHEN.find((w) => w.value === query.get('when'))?.value ?? 'upcoming') as When;
  const [creating, setCreating] = useState(write && query.get('new') === '1');
  const [items, setItems] = useState<MaintenanceWindow[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      const all: MaintenanceWindow[] = [];
      let after: string | null = null;
      do {
        const page: ApiResult<WindowPage> = await api<WindowPage>(
          `/maintenance?when=${when}&limit=500${after ? `&after=${after}` : ''}`,
          { signal },
        );
        if (!page.ok) return setError(page.error);
        all.push(...page.value.items);
        after = page.value.next;
      } while (after);
      setError(null);
      // Upcoming and active: the soonest first; past: the latest first.
      const key = (w: MaintenanceWindow) => w.next[0]?.start ?? w.lastEnd;
      all.sort((a, b) => (when === 'past' ? -1 : 1) * key(a).localeCompare(key(b)));
      setItems(all);
    },
    [when],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a write (version) reloads the list
  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    load(controller.signal).catch(() => undefined);
    return () => controller.abort();
  }, [load, version]);

  const names = useMemo(() => new Map(chain.services.map((s) => [s.id, s.name])), [chain.services]);
  return (
    <>
      <div className="row page-head">
        <h1>Maintenance</h1>
        {write && !creating ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Schedule maintenance
          </button>
        ) : null}
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {creating ? (
        <WindowFormCard
          services={chain.services}
          initialService={query.get('service') ?? undefined}
          onCancel={() => setCreating(false)}
          onSaved={(w) => {
            setCreating(false);
            setNotice(`Scheduled “${w.title}” (#${w.id}).`);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <fieldset className="segmented">
        <legend className="visually-hidden">Which windows</legend>
        {WHEN.map((w) => (
          <button
            key={w.value}
            type="button"
            aria-pressed={when === w.value}
            onClick={() => navigate(`/maintenance?when=${w.value}`, { replace: true })}
          >
            {w.label}
          </button>
        ))}
      </fieldset>
      {error ? (
        <ErrorState title="The maintenance windows could not be loaded" error={error} />
      ) : !items ? (
        <Loading what="the maintenance windows" />
      ) : items.length === 0 ? (
        <Empty title={`No ${WHEN.find((w) => w.value === when)?.label.toLowerCase()} windows`}>
          {write ? 'Schedule one with the button above.' : 'Nothing is planned.'}
        </Empty>
      ) : (
        <ul className="window-list" data-testid="window-list">
          {items.map((w) => (
            <WindowItem
              key={w.id}
              window={w}
              names={names}
              mayCancel={write && (w.state === 'upcoming' || w.state === 'active')}
              onCancelled={() => {
                setNotice(`Cancelled “${w.title}”.`);
                setVersion((v) => v + 1);
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function WindowItem({
  window: w,
  names,
  mayCancel,
  onCancelled,
}: {
  window: MaintenanceWindow;
  names: ReadonlyMap<string, string>;
  mayCancel: boolean;
  onCancelled(): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [impact, setImpact] = useState<ImpactPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const cancel = async () => {
    const current = await api<MaintenanceWindow>(`/maintenance/${w.id}`);
    const result = current.ok
      ? await api<MaintenanceWindow>(`/maintenance/${w.id}/cancel`, {
          method: 'POST',
          ifMatch: current.etag ?? '*',
        })
      : current;
    if (result.ok) onCancelled();
    else setError(result.error);
  };
  const toggleImpact = async () => {
    if (impact) return setImpact(null);
    const result = await api<ImpactPreview>(`/maintenance/${w.id}/impact`);
    if (result.ok) setImpact(result.value);
    else setError(result.error);
  };
  const zone = w.schedule.kind === 'recurring' ? (w.schedule as { zone: string }).zone : undefined;
  return (
    <li className="card window-item">
      <div className="row">
        <h2 className="window-title">{w.title}</h2>
        <span className="flag">{STATE_TEXT[w.state]}</span>
        <span className="muted">#{w.id}</span>
      </div>
      {w.description ? <p className="prose-text">{w.description}</p> : null}
      <dl className="details">
        <dt>Services</dt>
        <dd>
          {w.services.map((s, i) => (
            <span key={s}>
              {i > 0 ? ', ' : ''}
              <Link to={`/services/${encodeURIComponent(s)}`}>{names.get(s) ?? s}</Link>
            </span>
          ))}
        </dd>
        <dt>Schedule</dt>
        <dd>{scheduleText(w, LOCAL_ZONE)}</dd>
        {w.next[0] ? (
          <>
            <dt>{w.state === 'active' ? 'Now' : 'Next'}</dt>
            <dd>{occurrenceText(w.next[0], zone, LOCAL_ZONE)}</dd>
          </>
        ) : null}
        <dt>By</dt>
        <dd>{w.author}</dd>
      </dl>
      {error ? <ErrorState title="That did not work" error={error} /> : null}
      <div className="row">
        <button type="button" aria-expanded={impact !== null} onClick={() => void toggleImpact()}>
          {impact ? 'Hide the impact' : 'Show the impact'}
        </button>
        {mayCancel && !confirming ? (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Cancel window
          </button>
        ) : null}
        {confirming ? (
          <fieldset className="row">
            <legend className="visually-hidden">Cancel {w.title}?</legend>
            <span>Cancel “{w.title}” for good?</span>
            <button type="button" className="danger" onClick={() => void cancel()}>
              Yes, cancel it
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              No, keep it
            </button>
          </fieldset>
        ) : null}
      </div>
      {impact ? <ImpactPanel impact={impact} names={names} zone={zone} /> : null}
    </li>
  );
}
