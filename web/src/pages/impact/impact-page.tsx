import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { type ApiResult, api } from '../../api/client.js';
import type { StatusLevel, WhatIfReport } from '../../api/types.js';
import { useChain } from '../../api/use-chain.js';
import { Empty, ErrorState } from '../../components/states.js';
import { LEVEL_TEXT, StatusBadge } from '../../components/status.js';
import { useTitle } from '../../components/use-title.js';
import { Link, useLocation } from '../../router.js';
import { costPerHour } from './impact-cost.js';

const LEVELS: StatusLevel[] = ['major_outage', 'partial_outage', 'degraded'];

/** What-if: take services down on an overlay (never live state) and see who would feel it. */
export function ImpactPage() {
  useTitle('Impact and what-if');
  const chain = useChain();
  const { query } = useLocation();
  const [down, setDown] = useState<string[]>(() => query.getAll('down'));
  const [pick, setPick] = useState('');
  const [level, setLevel] = useState<StatusLevel>('major_outage');
  const [result, setResult] = useState<ApiResult<WhatIfReport> | null>(null);
  const byId = useMemo(() => new Map(chain.services.map((s) => [s.id, s])), [chain.services]);
  const partyName = useMemo(
    () => new Map(chain.parties.map((p) => [p.id, p.name])),
    [chain.parties],
  );

  const run = async (ids = down) => {
    if (ids.length === 0) return setResult(null);
    setResult(await api<WhatIfReport>('/what-if', { method: 'POST', body: { down: ids, level } }));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: run once for services given in the address
  useEffect(() => {
    if (down.length > 0) void run();
  }, []);

  const add = (event: FormEvent) => {
    event.preventDefault();
    const id = byId.has(pick) ? pick : chain.services.find((s) => s.name === pick)?.id;
    if (!id || down.includes(id)) return;
    setDown([...down, id]);
    setPick('');
  };
  return (
    <>
      <h1>Impact and what-if</h1>
      <p className="muted">
        Pick services to take down. Nothing changes in the live status: the engine works on a copy.
      </p>
      <form className="toolbar" onSubmit={add} aria-label="Services to take down">
        <div className="field">
          <label htmlFor="whatif-pick">Service</label>
          <input
            id="whatif-pick"
            list="whatif-services"
            value={pick}
            onChange={(e) => setPick(e.target.value)}
            placeholder="type an id or a name"
          />
          <datalist id="whatif-services">
            {chain.services.slice(0, 5000).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </datalist>
        </div>
        <button type="submit">Add</button>
        <div className="field">
          <label htmlFor="whatif-level">Taken to</label>
          <select
            id="whatif-level"
            value={level}
            onChange={(e) => setLevel(e.target.value as StatusLevel)}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {LEVEL_TEXT[l]}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="primary"
          disabled={down.length === 0}
          onClick={() => void run()}
        >
          Show the impact
        </button>
      </form>
      {down.length > 0 ? (
        <ul className="tags" aria-label="Taken down">
          {down.map((id) => (
            <li key={id} className="tag">
              {byId.get(id)?.name ?? id}{' '}
              <button
                type="button"
                aria-label={`Remove ${byId.get(id)?.name ?? id}`}
                onClick={() => setDown(down.filter((d) => d !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <Empty title="Nothing taken down yet">Add a service above, then show the impact.</Empty>
      )}
      {result && !result.ok ? <ErrorState title="The what-if failed" error={result.error} /> : null}
      {result?.ok ? <WhatIfResult report={result.value} byId={byId} partyName={partyName} /> : null}
    </>
  );
}

function WhatIfResult({
  report,
  byId,
  partyName,
}: {
  report: WhatIfReport;
  byId: ReadonlyMap<string, { name: string; costPerHour?: number }>;
  partyName: ReadonlyMap<string, string>;
}) {
  const cost = costPerHour(report, byId as never);
  const external = report.parties.filter((p) => p.kind === 'external');
  return (
    <section aria-label="Impact" data-testid="whatif-result">
      <div className="cards" style={{ margin: 'var(--s4) 0' }}>
        <div className="card">
          <h2>{report.changes.length}</h2>services would change
        </div>
        <div className="card">
          <h2>{report.parties.length}</h2>parties would feel it, {external.length} of them external
        </div>
        <div className="card">
          <h2 data-testid="whatif-cost">{cost.toLocaleString()}</h2>cost per hour
        </div>
      </div>
      <h2>Services affected</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Now</th>
            <th scope="col">Would be</th>
            <th scope="col">Cost per hour</th>
          </tr>
        </thead>
        <tbody>
          {report.changes.map((c) => (
            <tr key={c.service}>
              <td>
                <Link to={`/services/${encodeURIComponent(c.service)}`}>
                  {byId.get(c.service)?.name ?? c.service}
                </Link>
              </td>
              <td>
                <StatusBadge level={c.from} compact />
              </td>
              <td>
                <StatusBadge level={c.to} compact />
              </td>
              <td>
                {c.to === 'major_outage'
                  ? (byId.get(c.service)?.costPerHour ?? 0).toLocaleString()
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Customers and teams affected</h2>
      {report.parties.length === 0 ? (
        <p className="muted">Nobody.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Party</th>
              <th scope="col">Kind</th>
              <th scope="col">Through</th>
            </tr>
          </thead>
          <tbody>
            {report.parties.map((p) => (
              <tr key={p.party}>
                <td>
                  <Link to={`/parties/${encodeURIComponent(p.party)}`}>
                    {partyName.get(p.party) ?? p.party}
                  </Link>
                </td>
                <td>{p.kind === 'external' ? <strong>external</strong> : p.kind}</td>
                <td>{p.services.map((s) => byId.get(s)?.name ?? s).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
