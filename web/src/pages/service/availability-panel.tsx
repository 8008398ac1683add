import { useEffect, useState } from 'react';
import { type ApiError, api, seg } from '../../api/client.js';
import type { Availability, ServiceFigures } from '../../api/ops-types.js';
import { ErrorState, Loading } from '../../components/states.js';
import { inPool, lastDays, lastDaysPeriod, percentText } from '../sla/availability-model.js';
import { availabilityPath, FiguresList } from '../sla/figures-view.js';

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

interface Daily {
  day: string;
  availability: number | null;
  met: boolean | null;
}

/**
 * A service's availability over the last 30 or 90 days: the figures of the whole stretch and a
 * bar per day (each day asked of the API, a few at a time) against the SLO, with the same
 * numbers as a table for screen readers and anyone who prefers them.
 */
export function AvailabilityPanel({ service }: { service: string }) {
  const [days, setDays] = useState<30 | 90>(30);
  const [total, setTotal] = useState<ServiceFigures | null>(null);
  const [daily, setDaily] = useState<Daily[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const now = new Date();
    setTotal(null);
    setDaily(null);
    setError(null);
    const ask = (period: string) =>
      api<Availability>(availabilityPath({ period, zone: LOCAL_ZONE, service }), {
        signal: controller.signal,
      });
    ask(lastDaysPeriod(days, now)).then(
      (result) => {
        if (!result.ok) return setError(result.error);
        setTotal(result.value.services[0] ?? null);
      },
      () => undefined,
    );
    inPool(lastDays(days, now), 6, async (day) => {
      const result = await ask(day);
      const f = result.ok ? result.value.services[0] : undefined;
      return { day, availability: f?.availability ?? null, met: f?.met ?? null };
    }).then(setDaily, () => undefined);
    return () => controller.abort();
  }, [service, days]);

  return (
    <section aria-labelledby="availability-title">
      <div className="row">
        <h2 id="availability-title">Availability</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Over the last</legend>
          {([30, 90] as const).map((n) => (
            <button key={n} type="button" aria-pressed={days === n} onClick={() => setDays(n)}>
              {n} days
            </button>
          ))}
        </fieldset>
        <a
          className="button"
          href={`/api/v1${availabilityPath({ period: lastDaysPeriod(days, new Date()), zone: LOCAL_ZONE, service, format: 'csv' })}`}
          download
        >
          CSV
        </a>
      </div>
      {error ? (
        <ErrorState title="The availability could not be worked out" error={error} />
      ) : !total ? (
        <Loading what="the availability" />
      ) : (
        <FiguresList figures={total} />
      )}
      {daily ? (
        <DailyChart daily={daily} slo={total?.slo ?? null} id={seg(service)} />
      ) : (
        <Loading what="the daily figures" />
      )}
    </section>
  );
}

const WIDTH = 720;
const HEIGHT = 160;

/** The lowest value the chart shows: a little under the worst day and the SLO, never above 99. */
export function chartFloor(values: readonly (number | null)[], slo: number | null): number {
  const known = values.filter((v): v is number => v !== null);
  const lowest = Math.min(99, slo ?? 100, ...known);
  return Math.max(0, Math.floor(lowest - (100 - lowest) * 0.1));
}

function DailyChart({ daily, slo, id }: { daily: Daily[]; slo: number | null; id: string }) {
  const floor = chartFloor(
    daily.map((d) => d.availability),
    slo,
  );
  const y = (value: number) => HEIGHT - ((value - floor) / (100 - floor)) * HEIGHT;
  const step = WIDTH / daily.length;
  const patternId = `breach-${id}`;
  return (
    <figure className="chart">
      <figcaption className="muted">
        Daily availability, {floor} % to 100 %
        {slo !== null ? `; the line is the SLO, ${slo} %; hatched days missed it` : ''}.
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="chart-svg"
        aria-hidden="true"
        preserveAspectRatio="none"
      >
        <defs>
          <pattern
            id={patternId}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" className="bar-breach-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="bar-breach-line" />
          </pattern>
        </defs>
        {daily.map((d, i) =>
          d.availability === null ? null : (
            <rect
              key={d.day}
              x={i * step + step * 0.15}
              width={step * 0.7}
              y={y(Math.max(floor, d.availability))}
              height={Math.max(1, HEIGHT - y(Math.max(floor, d.availability)))}
              className={d.met === false ? 'bar breach' : 'bar'}
              fill={d.met === false ? `url(#${patternId})` : undefined}
            />
          ),
        )}
        {slo !== null ? (
          <line x1="0" x2={WIDTH} y1={y(slo)} y2={y(slo)} className="slo-line" />
        ) : null}
      </svg>
      <div className="chart-axis" aria-hidden="true">
        <span>{daily[0]?.day}</span>
        <span>{daily.at(-1)?.day}</span>
      </div>
      <details>
        <summary>The daily figures as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Availability</th>
              <th scope="col">SLO</th>
            </tr>
          </thead>
          <tbody>
            {daily.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{percentText(d.availability)}</td>
                <td>{d.met === null ? '—' : d.met ? 'met' : 'missed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
