import type { Figures } from '../../api/ops-types.js';
import { minutesText, percentText } from './availability-model.js';

/** Whether an SLO was met, in words and a symbol (never by colour alone). */
export function MetBadge({ met }: { met: boolean | null }) {
  if (met === null) return <span className="muted">no SLO</span>;
  return met ? (
    <span className="met yes">
      <span aria-hidden="true">✓</span> met
    </span>
  ) : (
    <span className="met no">
      <span aria-hidden="true">✕</span> breached
    </span>
  );
}

/** The figures of one service or customer over a period, as a definition list. */
export function FiguresList({ figures: f }: { figures: Figures }) {
  return (
    <dl className="figures">
      <div>
        <dt>Availability</dt>
        <dd>{percentText(f.availability)}</dd>
      </div>
      <div>
        <dt>SLO</dt>
        <dd>
          {f.slo === null ? '—' : percentText(f.slo)} <MetBadge met={f.met} />
        </dd>
      </div>
      <div>
        <dt>Error budget left</dt>
        <dd>
          {f.errorBudget
            ? `${minutesText(f.errorBudget.leftMinutes)} (${percentText(f.errorBudget.leftPercent, 1)})`
            : '—'}
        </dd>
      </div>
      <div>
        <dt>Burn rate</dt>
        <dd>{f.burnRate === null ? '—' : `${Number(f.burnRate.toFixed(2))}×`}</dd>
      </div>
      <div>
        <dt>Downtime</dt>
        <dd>{minutesText(f.downtimeMinutes)}</dd>
      </div>
      <div>
        <dt>Planned</dt>
        <dd>{minutesText(f.plannedMinutes)}</dd>
      </div>
      <div>
        <dt>Incidents</dt>
        <dd>{f.incidents}</dd>
      </div>
      <div>
        <dt>MTTR</dt>
        <dd>{minutesText(f.mttrMinutes)}</dd>
      </div>
      <div>
        <dt>MTBF</dt>
        <dd>{minutesText(f.mtbfMinutes)}</dd>
      </div>
    </dl>
  );
}

/** The address of an availability answer, for links (CSV, JSON) and calls. */
export function availabilityPath(params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '') query.set(k, String(v));
  return `/availability?${query}`;
}
