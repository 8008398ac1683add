import { useEffect, useMemo, useState } from 'react';
import { type ApiError, api } from '../../api/client.js';
import type { Availability, Figures } from '../../api/ops-types.js';
import { useChain } from '../../api/use-chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { useTitle } from '../../components/use-title.js';
import { Link, navigate, useLocation } from '../../router.js';
import {
  inPool,
  minutesText,
  percentText,
  periodChoices,
  type SortKey,
  sortRows,
} from './availability-model.js';
import { availabilityPath, MetBadge } from './figures-view.js';

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

interface Row {
  id: string;
  name: string;
  figures: Figures;
  link: string;
  csv?: string;
}

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'availability', label: 'Availability' },
  { key: 'slo', label: 'SLO' },
  { key: 'budget', label: 'Error budget left' },
  { key: 'burnRate', label: 'Burn rate' },
  { key: 'downtime', label: 'Downtime' },
  { key: 'incidents', label: 'Incidents' },
];

/** The SLA report: every service (or every customer) over a period, breaches first, sortable. */
export function SlaPage() {
  useTitle('SLA report');
  const chain = useChain();
  const { query } = useLocation();
  const choices = useMemo(() => periodChoices(new Date()), []);
  const period = query.get('period') || (choices[0]?.value as string);
  const zone = query.get('zone') || LOCAL_ZONE;
  const of: 'services' | 'customers' = query.get('of') === 'customers' ? 'customers' : 'services';
  const [text, setText] = useState(period);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [label, setLabel] = useState<Availability['period'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; direction: 'asc' | 'desc' }>({
    key: 'availability',
    direction: 'asc',
  });
  const [breachesFirst, setBreachesFirst] = useState(true);
  const customers = useMemo(
    () => chain.parties.filter((p) => (p.consumes ?? []).length > 0),
    [chain.parties],
  );
  const go = (patch: Record<string, string>) => {
    const next = new URLSearchParams({ period, zone, of, ...patch });
    navigate(`/sla?${next}`, { replace: true });
  };
  useEffect(() => setText(period), [period]);

  useEffect(() => {
    const controller = new AbortController();
    setRows(null);
    setError(null);
    const load = async () => {
      if (of === 'services') {
        const result = await api<Availability>(availabilityPath({ period, zone, limit: 10_000 }), {
          signal: controller.signal,
        });
        if (!result.ok) return setError(result.error);
        setLabel(result.value.period);
        setRows(
          result.value.services.map(({ service, name, ...figures }) => ({
            id: service,
            name,
            figures,
            link: `/services/${encodeURIComponent(service)}`,
          })),
        );
        return;
      }
      const answers = await inPool(customers, 6, (p) =>
        api<Availability>(availabilityPath({ period, zone, customer: p.id }), {
          signal: controller.signal,
        }),
      );
      const failed = answers.find((a) => !a.ok);
      if (failed && !failed.ok) return setError(failed.error);
      const found: Row[] = [];
      for (const answer of answers) {
        if (!answer.ok) continue;
        setLabel(answer.value.period);
        for (const c of answer.value.customers)
          found.push({
            id: c.party,
            name: c.name,
            figures: c.combined,
            link: `/parties/${encodeURIComponent(c.party)}`,
            csv: `/api/v1${availabilityPath({ period, zone, customer: c.party, format: 'csv' })}`,
          });
      }
      setRows(found);
    };
    load().catch(() => undefined);
    return () => controller.abort();
  }, [period, zone, of, customers]);

  const sorted = useMemo(
    () => (rows ? sortRows(rows, sort.key, sort.direction, breachesFirst) : []),
    [rows, sort, breachesFirst],
  );
  const breaches = rows?.filter((r) => r.figures.met === false).length ?? 0;
  const download = (format: 'csv' | 'json') =>
    `/api/v1${availabilityPath({ period, zone, limit: 10_000, ...(format === 'csv' && { format }) })}`;

  return (
    <>
      <h1>SLA report</h1>
      <section className="toolbar" aria-label="Report settings">
        <div className="field">
          <label htmlFor="sla-period-choice">Period</label>
          <select
            id="sla-period-choice"
            value={choices.some((c) => c.value === period) ? period : ''}
            onChange={(e) => e.target.value && go({ period: e.target.value })}
          >
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label} ({c.value})
              </option>
            ))}
            <option value="">Another period…</option>
          </select>
        </div>
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            go({ period: text.trim() });
          }}
        >
          <label htmlFor="sla-period">
            Period as text <span className="hint">2026-10, 2026-Q4, 2026-W41, FROM..TO</span>
          </label>
          <span className="row">
            <input id="sla-period" value={text} onChange={(e) => setText(e.target.value)} />
            <button type="submit">Show</button>
          </span>
        </form>
        <div className="field">
          <label htmlFor="sla-zone">Time zone</label>
          <input
            id="sla-zone"
            list="sla-zones"
            defaultValue={zone}
            onBlur={(e) =>
              e.target.value && e.target.value !== zone && go({ zone: e.target.value })
            }
          />
          <datalist id="sla-zones">
            {/* Once each: a browser in UTC would list it twice. */}
            {[...new Set([LOCAL_ZONE, 'UTC'])].map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        <fieldset className="segmented">
          <legend className="visually-hidden">Report on</legend>
          <button
            type="button"
            aria-pressed={of === 'services'}
            onClick={() => go({ of: 'services' })}
          >
            Services
          </button>
          <button
            type="button"
            aria-pressed={of === 'customers'}
            onClick={() => go({ of: 'customers' })}
          >
            Customers
          </button>
        </fieldset>
      </section>
      <div className="row">
        <label className="row">
          <input
            type="checkbox"
            checked={breachesFirst}
            onChange={(e) => setBreachesFirst(e.target.checked)}
          />
          Breaches first
        </label>
        {of === 'services' ? (
          <>
            <a className="button" href={download('csv')} download>
              Download CSV
            </a>
            <a className="button" href={download('json')} download={`availability-${period}.json`}>
              Download JSON
            </a>
          </>
        ) : (
          <span className="muted">Each customer’s CSV is in its row.</span>
        )}
      </div>
      {label ? (
        <p className="muted" aria-live="polite">
          {label.label} in {label.zone}: {new Date(label.from).toLocaleString()} to{' '}
          {new Date(label.end).toLocaleString()}
          {label.partial ? ' (running: up to now)' : ''} · {breaches} breach
          {breaches === 1 ? '' : 'es'}
        </p>
      ) : null}
      {error ? (
        <ErrorState title="The report could not be made" error={error} />
      ) : !rows ? (
        <Loading what="the report" />
      ) : rows.length === 0 ? (
        <Empty title={of === 'services' ? 'No services' : 'No customers consume anything'} />
      ) : (
        <table className="sla-table" data-testid="sla-table">
          <caption className="visually-hidden">
            Availability per {of === 'services' ? 'service' : 'customer'}
            {breachesFirst ? ', breaches first' : ''}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={
                    sort.key === c.key
                      ? sort.direction === 'asc'
                        ? 'ascending'
                        : 'descending'
                      : undefined
                  }
                >
                  <button
                    type="button"
                    className="sort"
                    onClick={() =>
                      setSort((s) => ({
                        key: c.key,
                        direction: s.key === c.key && s.direction === 'asc' ? 'desc' : 'asc',
                      }))
                    }
                  >
                    {c.label}
                    <span aria-hidden="true">
                      {sort.key === c.key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
              {of === 'customers' ? <th scope="col">Export</th> : null}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.id} data-breach={r.figures.met === false ? 'true' : undefined}>
                <td>
                  <Link to={r.link}>{r.name}</Link>
                </td>
                <td>{percentText(r.figures.availability)}</td>
                <td>
                  {r.figures.slo === null ? '—' : percentText(r.figures.slo)}{' '}
                  <MetBadge met={r.figures.met} />
                </td>
                <td>
                  {r.figures.errorBudget
                    ? `${minutesText(r.figures.errorBudget.leftMinutes)} (${percentText(r.figures.errorBudget.leftPercent, 1)})`
                    : '—'}
                </td>
                <td>
                  {r.figures.burnRate === null ? '—' : `${Number(r.figures.burnRate.toFixed(2))}×`}
                </td>
                <td>{minutesText(r.figures.downtimeMinutes)}</td>
                <td>{r.figures.incidents}</td>
                {r.csv ? (
                  <td>
                    <a href={r.csv} download>
                      CSV<span className="visually-hidden"> for {r.name}</span>
                    </a>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
