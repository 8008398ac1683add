import { type FormEvent, useState } from 'react';
import { type ApiError, api, deleteCurrent, seg } from '../../api/client.js';
import type { ServiceItem } from '../../api/types.js';
import { ErrorState } from '../../components/states.js';
import { navigate } from '../../router.js';

/**
 * What a service depends on, changed through /api/v1/dependencies: remove an edge, add one with
 * its impact; and deleting the service itself. Every refusal shows the API's message.
 */
export function DependencyEditor({
  service,
  services,
  onChanged,
}: {
  service: ServiceItem;
  services: readonly ServiceItem[];
  onChanged(): void;
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [to, setTo] = useState('');
  const [impact, setImpact] = useState('');
  const names = new Map(services.map((s) => [s.id, s.name]));
  const done = (result: { ok: boolean; error?: ApiError }) => {
    setError(result.ok ? null : (result.error ?? null));
    if (result.ok) onChanged();
  };
  const remove = async (target: string) =>
    done(await deleteCurrent(`/dependencies/${seg(service.id)}/${seg(target)}`));
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { from: service.id, to };
    if (impact.trim()) body.impact = impact.trim();
    const result = await api('/dependencies', { method: 'POST', body });
    done(result);
    if (result.ok) {
      setTo('');
      setImpact('');
    }
  };
  const removeService = async () => {
    if (!window.confirm(`Delete the service ${service.name}? Its dependencies go with it.`)) return;
    const result = await deleteCurrent(`/services/${seg(service.id)}`);
    if (result.ok) navigate('/');
    else setError(result.error);
  };
  return (
    <section aria-labelledby="dependency-editor-title">
      <h3 id="dependency-editor-title">Dependencies</h3>
      {error ? <ErrorState title="Not changed" error={error} /> : null}
      <ul>
        {(service.dependsOn ?? []).map((d) => (
          <li key={d.service} className="row">
            {names.get(d.service) ?? d.service}
            {d.impact && d.impact !== 'as-is' ? (
              <span className="muted">
                ({typeof d.impact === 'string' ? d.impact : JSON.stringify(d.impact)})
              </span>
            ) : null}
            <button type="button" onClick={() => void remove(d.service)}>
              Remove {names.get(d.service) ?? d.service}
            </button>
          </li>
        ))}
      </ul>
      <form className="toolbar" onSubmit={add} aria-label="Add a dependency">
        <div className="field">
          <label htmlFor="dependency-to">Depends on</label>
          <select id="dependency-to" required value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Choose a service</option>
            {services
              .filter((s) => s.id !== service.id)
              .slice(0, 5000)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dependency-impact">Impact</label>
          <input
            id="dependency-impact"
            placeholder="as-is"
            maxLength={40}
            value={impact}
            onChange={(e) => setImpact(e.target.value)}
          />
        </div>
        <button type="submit">Add dependency</button>
      </form>
      <button type="button" className="danger" onClick={() => void removeService()}>
        Delete this service
      </button>
    </section>
  );
}
