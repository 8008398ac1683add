import type { ServiceItem } from '../../api/types.js';
import { LEVEL_TEXT } from '../../components/status.js';
import { type AffectedRow, IMPACTS } from './incident-model.js';

/** The affected services of an incident: a service and its declared impact per row. */
export function AffectedEditor({
  idPrefix,
  rows,
  services,
  onChange,
}: {
  idPrefix: string;
  rows: readonly AffectedRow[];
  services: readonly ServiceItem[];
  onChange(rows: AffectedRow[]): void;
}) {
  const set = (index: number, patch: Partial<AffectedRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="affected">
      <legend>Affected services</legend>
      {rows.length === 0 ? <p className="muted">No service yet.</p> : null}
      {rows.map((row, i) => {
        const name = services.find((s) => s.id === row.service)?.name ?? `row ${i + 1}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the index is their identity
          <div className="row affected-row" key={i}>
            <div className="field">
              <label htmlFor={`${idPrefix}-service-${i}`}>Service</label>
              <select
                id={`${idPrefix}-service-${i}`}
                value={row.service}
                onChange={(e) => set(i, { service: e.target.value })}
              >
                <option value="">Choose a service</option>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${idPrefix}-impact-${i}`}>Impact</label>
              <select
                id={`${idPrefix}-impact-${i}`}
                value={row.impact}
                onChange={(e) => set(i, { impact: e.target.value as AffectedRow['impact'] })}
              >
                {IMPACTS.map((impact) => (
                  <option key={impact} value={impact}>
                    {LEVEL_TEXT[impact]}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              aria-label={`Remove ${name}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        onClick={() => onChange([...rows, { service: '', impact: 'major_outage' }])}
      >
        Add a service
      </button>
    </fieldset>
  );
}
