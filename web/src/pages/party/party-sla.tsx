import { useEffect, useMemo, useState } from 'react';
import { type ApiResult, api } from '../../api/client.js';
import type { Availability } from '../../api/ops-types.js';
import { ErrorState, Loading } from '../../components/states.js';
import { Link } from '../../router.js';
import { minutesText, percentText, periodChoices } from '../sla/availability-model.js';
import { availabilityPath, MetBadge } from '../sla/figures-view.js';

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** How a customer experienced its services over a period: per subscription and combined. */
export function PartySla({ party }: { party: string }) {
  const choices = useMemo(() => periodChoices(new Date()), []);
  const [period, setPeriod] = useState(choices[0]?.value as string);
  const [answer, setAnswer] = useState<ApiResult<Availability> | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    setAnswer(null);
    api<Availability>(availabilityPath({ period, zone: LOCAL_ZONE, customer: party }), {
      signal: controller.signal,
    }).then(setAnswer, () => undefined);
    return () => controller.abort();
  }, [party, period]);
  const customer = answer?.ok ? answer.value.customers[0] : undefined;
  return (
    <section aria-labelledby="party-sla-title">
      <div className="row">
        <h2 id="party-sla-title">SLA</h2>
        <div className="field inline">
          <label htmlFor="party-sla-period">Period</label>
          <select id="party-sla-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label} ({c.value})
              </option>
            ))}
          </select>
        </div>
        <a
          className="button"
          href={`/api/v1${availabilityPath({ period, zone: LOCAL_ZONE, customer: party, format: 'csv' })}`}
          download
        >
          Download CSV
        </a>
      </div>
      {!answer ? (
        <Loading what="the SLA" />
      ) : !answer.ok ? (
        <ErrorState title="The SLA could not be worked out" error={answer.error} />
      ) : !customer ? (
        <p className="muted">No figures for this party.</p>
      ) : (
        <table data-testid="party-sla">
          <caption className="visually-hidden">
            Availability per subscription and combined, {answer.value.period.label}
          </caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Availability</th>
              <th scope="col">Promise</th>
              <th scope="col">Error budget left</th>
              <th scope="col">Downtime</th>
              <th scope="col">Incidents</th>
            </tr>
          </thead>
          <tbody>
            {customer.subscriptions.map((s) => (
              <tr key={s.service}>
                <td>
                  <Link to={`/services/${encodeURIComponent(s.service)}`}>{s.name}</Link>
                </td>
                <td>{percentText(s.availability)}</td>
                <td>
                  {s.slo === null ? '—' : percentText(s.slo)}
                  {s.sloFrom === 'service' ? <span className="muted"> (the service’s)</span> : null}{' '}
                  <MetBadge met={s.met} />
                </td>
                <td>{s.errorBudget ? minutesText(s.errorBudget.leftMinutes) : '—'}</td>
                <td>{minutesText(s.downtimeMinutes)}</td>
                <td>{s.incidents}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Combined, as it experiences everything</th>
              <td>{percentText(customer.combined.availability)}</td>
              <td>
                {customer.combined.slo === null ? '—' : percentText(customer.combined.slo)}{' '}
                <MetBadge met={customer.combined.met} />
              </td>
              <td>
                {customer.combined.errorBudget
                  ? minutesText(customer.combined.errorBudget.leftMinutes)
                  : '—'}
              </td>
              <td>{minutesText(customer.combined.downtimeMinutes)}</td>
              <td>{customer.combined.incidents}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
