import { type FormEvent, useMemo, useState } from 'react';
import { MAINTENANCE_LIMITS } from '../../../../src/maintenance/limits.js';
import { type ApiError, api } from '../../api/client.js';
import type { ImpactPreview, MaintenanceWindow } from '../../api/ops-types.js';
import type { ServiceItem } from '../../api/types.js';
import { useChain } from '../../api/use-chain.js';
import { ErrorState } from '../../components/states.js';
import { Link } from '../../router.js';
import { draftBody, occurrenceText, type WindowForm, zoneChoices } from './maintenance-model.js';
import {
  choiceFromStart,
  describeRepeat,
  NTH_TEXT,
  NTHS,
  type Nth,
  type RepeatChoice,
  WEEKDAY_TEXT,
  WEEKDAYS,
  type Weekday,
} from './rrule-model.js';

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

function emptyForm(service?: string): WindowForm {
  const day = new Date(Date.now() + 24 * 3600_000);
  const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  return {
    title: '',
    description: '',
    services: service ? [service] : [],
    kind: 'once',
    zone: LOCAL_ZONE,
    start: `${date}T22:00`,
    end: `${date}T23:59`,
    durationMinutes: '120',
    repeat: choiceFromStart(date),
  };
}

/**
 * Schedules a window: one-off or recurring (the RRULE builder or a raw rule) in a time zone. The
 * impact (services, customers, next occurrences) is shown before it can be saved, for exactly
 * the draft shown.
 */
export function WindowFormCard({
  services,
  initialService,
  onSaved,
  onCancel,
}: {
  services: readonly ServiceItem[];
  initialService?: string;
  onSaved(window: MaintenanceWindow): void;
  onCancel(): void;
}) {
  const [form, setForm] = useState<WindowForm>(() => emptyForm(initialService));
  const [preview, setPreview] = useState<{ body: string; impact: ImpactPreview } | null>(null);
  const [error, setError] = useState<{ title: string; error: ApiError } | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => zoneChoices([LOCAL_ZONE, 'UTC']), []);
  const names = useMemo(() => new Map(services.map((s) => [s.id, s.name])), [services]);
  const body = JSON.stringify(draftBody(form));
  const previewed = preview?.body === body;
  const set = (patch: Partial<WindowForm>) => setForm((f) => ({ ...f, ...patch }));
  const setRepeat = (patch: Partial<RepeatChoice>) =>
    setForm((f) => ({ ...f, repeat: { ...f.repeat, ...patch } }));

  const showImpact = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    const result = await api<ImpactPreview>('/maintenance/preview', {
      method: 'POST',
      body: JSON.parse(body),
    });
    setBusy(false);
    if (result.ok) {
      setError(null);
      setPreview({ body, impact: result.value });
    } else setError({ title: 'The impact could not be worked out', error: result.error });
  };
  const save = async () => {
    setBusy(true);
    const result = await api<MaintenanceWindow>('/maintenance', {
      method: 'POST',
      body: JSON.parse(body),
    });
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setError({ title: 'The window was not scheduled', error: result.error });
  };

  return (
    <form className="card" onSubmit={showImpact} aria-label="Schedule maintenance">
      <h2>Schedule maintenance</h2>
      {error ? <ErrorState title={error.title} error={error.error} /> : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="window-title">Title</label>
          <input
            id="window-title"
            maxLength={MAINTENANCE_LIMITS.titleMaxLength}
            value={form.title}
            onChange={(e) => set({ title: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="window-zone">Time zone</label>
          <select
            id="window-zone"
            value={form.zone}
            onChange={(e) => set({ zone: e.target.value })}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
                {z === LOCAL_ZONE ? ' (this browser)' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="window-description">Description</label>
        <textarea
          id="window-description"
          className="prose"
          rows={2}
          maxLength={MAINTENANCE_LIMITS.descriptionMaxLength}
          value={form.description}
          onChange={(e) => set({ description: e.target.value })}
        />
      </div>
      <ServicePicker
        chosen={form.services}
        services={services}
        names={names}
        onChange={(list) => set({ services: list })}
      />
      <fieldset className="choice">
        <legend>When</legend>
        <label className="row">
          <input
            type="radio"
            name="window-kind"
            checked={form.kind === 'once'}
            onChange={() => set({ kind: 'once' })}
          />
          Once
        </label>
        <label className="row">
          <input
            type="radio"
            name="window-kind"
            checked={form.kind === 'recurring'}
            onChange={() => set({ kind: 'recurring' })}
          />
          Recurring
        </label>
      </fieldset>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="window-start">
            {form.kind === 'once' ? 'Starts' : 'First start'}{' '}
            <span className="hint">in {form.zone}</span>
          </label>
          <input
            id="window-start"
            type="datetime-local"
            value={form.start}
            onChange={(e) =>
              set({
                start: e.target.value,
                repeat: {
                  ...form.repeat,
                  ...pick(choiceFromStart(e.target.value.slice(0, 10)), form.repeat),
                },
              })
            }
          />
        </div>
        {form.kind === 'once' ? (
          <div className="field">
            <label htmlFor="window-end">
              Ends <span className="hint">in {form.zone}</span>
            </label>
            <input
              id="window-end"
              type="datetime-local"
              value={form.end}
              onChange={(e) => set({ end: e.target.value })}
            />
          </div>
        ) : (
          <div className="field">
            <label htmlFor="window-duration">Length of each (minutes)</label>
            <input
              id="window-duration"
              inputMode="numeric"
              value={form.durationMinutes}
              onChange={(e) => set({ durationMinutes: e.target.value })}
            />
          </div>
        )}
      </div>
      {form.kind === 'recurring' ? (
        <RepeatBuilder repeat={form.repeat} onChange={setRepeat} />
      ) : null}
      <div className="row form-actions">
        <button type="submit" disabled={busy} className={previewed ? undefined : 'primary'}>
          Show the impact
        </button>
        <button
          type="button"
          className={previewed ? 'primary' : undefined}
          disabled={busy || !previewed}
          onClick={() => void save()}
          aria-describedby="window-save-hint"
        >
          Schedule this window
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <span id="window-save-hint" className="muted">
          {previewed
            ? 'The impact below is for this draft.'
            : 'See the impact first: scheduling is possible once it is shown for this draft.'}
        </span>
      </div>
      {preview ? (
        <ImpactPanel
          impact={preview.impact}
          names={names}
          stale={!previewed}
          zone={form.kind === 'recurring' ? form.zone : undefined}
        />
      ) : null}
    </form>
  );
}

/** A new start date suggests the weekday and place in the month, unless those were changed. */
function pick(suggested: RepeatChoice, current: RepeatChoice): Partial<RepeatChoice> {
  return current.weekdays.length <= 1
    ? { weekdays: suggested.weekdays, weekday: suggested.weekday, nth: suggested.nth }
    : { weekday: suggested.weekday, nth: suggested.nth };
}

function ServicePicker({
  chosen,
  services,
  names,
  onChange,
}: {
  chosen: readonly string[];
  services: readonly ServiceItem[];
  names: ReadonlyMap<string, string>;
  onChange(list: string[]): void;
}) {
  return (
    <fieldset className="affected">
      <legend>Services it covers</legend>
      <ul className="chips" aria-label="Services chosen">
        {chosen.length === 0 ? <li className="muted">None yet.</li> : null}
        {chosen.map((id) => (
          <li key={id} className="tag">
            {names.get(id) ?? id}{' '}
            <button
              type="button"
              className="link-button"
              aria-label={`Remove ${names.get(id) ?? id}`}
              onClick={() => onChange(chosen.filter((c) => c !== id))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="field">
        <label htmlFor="window-add-service">Add a service</label>
        <select
          id="window-add-service"
          value=""
          onChange={(e) => e.target.value && onChange([...chosen, e.target.value])}
        >
          <option value="">Choose a service</option>
          {services
            .filter((s) => !chosen.includes(s.id))
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      </div>
    </fieldset>
  );
}

function RepeatBuilder({
  repeat,
  onChange,
}: {
  repeat: RepeatChoice;
  onChange(patch: Partial<RepeatChoice>): void;
}) {
  return (
    <fieldset className="repeat">
      <legend>Repeats</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="repeat-frequency">Frequency</label>
          <select
            id="repeat-frequency"
            value={repeat.frequency}
            onChange={(e) => onChange({ frequency: e.target.value as RepeatChoice['frequency'] })}
          >
            <option value="daily">Daily</option>
            <option value="weekly">Weekly, on chosen days</option>
            <option value="monthly">Monthly, on the nth weekday</option>
            <option value="raw">Another rule (RRULE)</option>
          </select>
        </div>
        {repeat.frequency !== 'raw' ? (
          <div className="field">
            <label htmlFor="repeat-interval">
              Every how many{' '}
              {repeat.frequency === 'daily'
                ? 'days'
                : repeat.frequency === 'weekly'
                  ? 'weeks'
                  : 'months'}
            </label>
            <input
              id="repeat-interval"
              type="number"
              min={1}
              max={MAINTENANCE_LIMITS.intervalMax}
              value={repeat.interval}
              onChange={(e) => onChange({ interval: Math.max(1, Number(e.target.value) || 1) })}
            />
          </div>
        ) : null}
        {repeat.frequency === 'monthly' ? (
          <>
            <div className="field">
              <label htmlFor="repeat-nth">Which</label>
              <select
                id="repeat-nth"
                value={repeat.nth}
                onChange={(e) => onChange({ nth: Number(e.target.value) as Nth })}
              >
                {NTHS.map((n) => (
                  <option key={n} value={n}>
                    {NTH_TEXT[String(n)]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="repeat-weekday">Weekday</label>
              <select
                id="repeat-weekday"
                value={repeat.weekday}
                onChange={(e) => onChange({ weekday: e.target.value as Weekday })}
              >
                {WEEKDAYS.map((w) => (
                  <option key={w} value={w}>
                    {WEEKDAY_TEXT[w]}
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : null}
      </div>
      {repeat.frequency === 'weekly' ? (
        <fieldset className="weekdays">
          <legend>On</legend>
          {WEEKDAYS.map((w) => (
            <label key={w} className="row">
              <input
                type="checkbox"
                checked={repeat.weekdays.includes(w)}
                onChange={(e) =>
                  onChange({
                    weekdays: e.target.checked
                      ? [...repeat.weekdays, w]
                      : repeat.weekdays.filter((x) => x !== w),
                  })
                }
              />
              {WEEKDAY_TEXT[w]}
            </label>
          ))}
        </fieldset>
      ) : null}
      {repeat.frequency === 'raw' ? (
        <div className="field">
          <label htmlFor="repeat-raw">
            RRULE <span className="hint">RFC 5545, ending with COUNT or UNTIL</span>
          </label>
          <input
            id="repeat-raw"
            className="mono"
            maxLength={MAINTENANCE_LIMITS.rruleMaxLength}
            placeholder="FREQ=MONTHLY;BYMONTHDAY=1;COUNT=6"
            value={repeat.raw}
            onChange={(e) => onChange({ raw: e.target.value })}
          />
        </div>
      ) : (
        <div className="form-grid">
          <div className="field">
            <label htmlFor="repeat-ends">Ends</label>
            <select
              id="repeat-ends"
              value={repeat.ends}
              onChange={(e) => onChange({ ends: e.target.value as RepeatChoice['ends'] })}
            >
              <option value="count">After a number of times</option>
              <option value="until">On a date</option>
            </select>
          </div>
          {repeat.ends === 'count' ? (
            <div className="field">
              <label htmlFor="repeat-count">Times</label>
              <input
                id="repeat-count"
                type="number"
                min={1}
                max={MAINTENANCE_LIMITS.occurrencesMax}
                value={repeat.count}
                onChange={(e) => onChange({ count: Math.max(1, Number(e.target.value) || 1) })}
              />
            </div>
          ) : (
            <div className="field">
              <label htmlFor="repeat-until">Last day</label>
              <input
                id="repeat-until"
                type="date"
                value={repeat.until}
                onChange={(e) => onChange({ until: e.target.value })}
              />
            </div>
          )}
        </div>
      )}
      <p className="muted" aria-live="polite">
        {describeRepeat(repeat)}
      </p>
    </fieldset>
  );
}

/** The services and parties a window touches, and when it happens next. */
export function ImpactPanel({
  impact,
  names,
  stale,
  zone,
}: {
  impact: ImpactPreview;
  names: ReadonlyMap<string, string>;
  stale?: boolean;
  zone?: string;
}) {
  const { parties } = useChain();
  const partyName = (id: string) => parties.find((p) => p.id === id)?.name ?? id;
  const covered = impact.services.filter((s) => s.covered);
  const through = impact.services.filter((s) => !s.covered);
  const customers = impact.parties.filter((p) => p.relation === 'customer');
  const providers = impact.parties.filter((p) => p.relation === 'provider');
  return (
    <section
      className="impact-preview"
      aria-label="Impact of this window"
      data-testid="window-impact"
    >
      {stale ? (
        <p className="notice" role="status">
          The draft changed since this impact was worked out: show the impact again.
        </p>
      ) : null}
      <div className="cards">
        <div>
          <h3>Services in maintenance ({impact.services.length})</h3>
          <ul>
            {covered.map((s) => (
              <li key={s.service}>
                <Link to={`/services/${encodeURIComponent(s.service)}`}>
                  {names.get(s.service) ?? s.service}
                </Link>{' '}
                <span className="muted">named</span>
              </li>
            ))}
            {through.map((s) => (
              <li key={s.service}>
                <Link to={`/services/${encodeURIComponent(s.service)}`}>
                  {names.get(s.service) ?? s.service}
                </Link>{' '}
                <span className="muted">rests on them</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Customers told ({customers.length})</h3>
          {customers.length === 0 ? (
            <p className="muted">No customer is touched.</p>
          ) : (
            <ul>
              {customers.map((p) => (
                <li key={p.party}>
                  <Link to={`/parties/${encodeURIComponent(p.party)}`}>{partyName(p.party)}</Link>{' '}
                  <span className="muted">
                    {p.kind}, through {p.services.length} service
                    {p.services.length === 1 ? '' : 's'}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>Providers ({providers.length})</h3>
          <ul>
            {providers.map((p) => (
              <li key={p.party}>
                <Link to={`/parties/${encodeURIComponent(p.party)}`}>{partyName(p.party)}</Link>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Next occurrences</h3>
          {impact.next.length === 0 ? (
            <p className="muted">None to come.</p>
          ) : (
            <ol>
              {impact.next.map((o) => (
                <li key={o.start}>{occurrenceText(o, zone, LOCAL_ZONE)}</li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
