import { useEffect, useMemo, useState } from 'react';
import { type ApiError, api } from '../../api/client.js';
import type { IncidentPage, IncidentSummary } from '../../api/ops-types.js';
import { useAbilities } from '../../api/session.js';
import { useChain } from '../../api/use-chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { StatusBadge } from '../../components/status.js';
import { useTitle } from '../../components/use-title.js';
import { Link, navigate, useLocation } from '../../router.js';
import { IncidentStatusBadge, When } from './incident-bits.js';
import { IncidentCreate } from './incident-create.js';
import { matchesSearch, sortIncidents } from './incident-model.js';

const FILTERS = ['state', 'service', 'visibility', 'q'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** Incidents: open first, filtered by state, service and visibility (the API) and words. */
export function IncidentsPage() {
  useTitle('Incidents');
  const chain = useChain();
  const { write, teams } = useAbilities();
  const { query } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ''])) as Filters;
  const [creating, setCreating] = useState(query.get('new') === '1');
  const [items, setItems] = useState<IncidentSummary[] | null>(null);
  const [older, setOlder] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const apiQuery = new URLSearchParams();
  for (const key of ['state', 'service', 'visibility'] as const)
    if (filters[key]) apiQuery.set(key, filters[key]);
  const apiFilters = apiQuery.toString();

  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    api<IncidentPage>(`/incidents?limit=200${apiFilters ? `&${apiFilters}` : ''}`, {
      signal: controller.signal,
    }).then(
      (result) => {
        if (!result.ok) return setError(result.error);
        setError(null);
        setItems(result.value.items);
        setOlder(result.value.nextBefore);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [apiFilters]);

  const loadOlder = async () => {
    if (!older) return;
    const result = await api<IncidentPage>(
      `/incidents?limit=200&before=${older}${apiFilters ? `&${apiFilters}` : ''}`,
    );
    if (!result.ok) return setError(result.error);
    setItems((current) => [...(current ?? []), ...result.value.items]);
    setOlder(result.value.nextBefore);
  };
  const shown = useMemo(
    () => sortIncidents((items ?? []).filter((i) => matchesSearch(i, filters.q))),
    [items, filters.q],
  );
  const names = useMemo(() => new Map(chain.services.map((s) => [s.id, s.name])), [chain.services]);
  const setFilter = (key: keyof Filters, value: string) => {
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = k === key ? value : filters[k];
      if (v) next.set(k, v);
    }
    const text = next.toString();
    navigate(`/incidents${text ? `?${text}` : ''}`, { replace: true });
  };
  const mayOpen = write || teams.length > 0;
  // Non-editors may open incidents only on what their teams provide.
  const openable = write
    ? chain.services
    : chain.services.filter((s) => s.provider && teams.includes(s.provider));

  return (
    <>
      <div className="row page-head">
        <h1>Incidents</h1>
        {mayOpen && !creating ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Open an incident
          </button>
        ) : null}
      </div>
      {creating ? (
        <IncidentCreate
          services={openable}
          initialService={query.get('service') ?? undefined}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      <section className="toolbar" aria-label="Filter incidents">
        <div className="field">
          <label htmlFor="incidents-state">State</label>
          <select
            id="incidents-state"
            value={filters.state}
            onChange={(e) => setFilter('state', e.target.value)}
          >
            <option value="">Open and resolved</option>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="incidents-service">Service</label>
          <select
            id="incidents-service"
            value={filters.service}
            onChange={(e) => setFilter('service', e.target.value)}
          >
            <option value="">Any service</option>
            {chain.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incidents-visibility">Visibility</label>
          <select
            id="incidents-visibility"
            value={filters.visibility}
            onChange={(e) => setFilter('visibility', e.target.value)}
          >
            <option value="">Internal and public</option>
            <option value="internal">Internal</option>
            <option value="public">Public</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="incidents-q">Search</label>
          <input
            id="incidents-q"
            type="search"
            value={filters.q}
            placeholder="title, #id or service"
            onChange={(e) => setFilter('q', e.target.value)}
          />
        </div>
      </section>
      {error ? (
        <ErrorState title="The incidents could not be loaded" error={error} />
      ) : !items ? (
        <Loading what="the incidents" />
      ) : shown.length === 0 ? (
        <Empty title={items.length === 0 ? 'No incidents' : 'No incident matches the search'}>
          {items.length === 0 && !apiFilters
            ? 'Nothing has been declared yet.'
            : 'Change or clear the filters above.'}
        </Empty>
      ) : (
        <IncidentTable items={shown} names={names} />
      )}
      {older ? (
        <p>
          <button type="button" onClick={() => void loadOlder()}>
            Older incidents
          </button>
        </p>
      ) : null}
    </>
  );
}

function IncidentTable({
  items,
  names,
}: {
  items: readonly IncidentSummary[];
  names: ReadonlyMap<string, string>;
}) {
  return (
    <table data-testid="incident-list">
      <caption className="visually-hidden">Incidents, open first</caption>
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Status</th>
          <th scope="col">Affected services</th>
          <th scope="col">Visibility</th>
          <th scope="col">Opened</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {items.map((incident) => (
          <tr key={incident.id}>
            <td>
              <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>{' '}
              <span className="muted">#{incident.id}</span>
            </td>
            <td>
              <IncidentStatusBadge status={incident.status} />
            </td>
            <td>
              <ul className="plain">
                {incident.services.map((s) => (
                  <li key={s.service}>
                    {names.get(s.service) ?? s.service} <StatusBadge level={s.impact} compact />
                  </li>
                ))}
              </ul>
            </td>
            <td>{incident.visibility}</td>
            <td>
              <When iso={incident.createdAt} />
            </td>
            <td>
              <When iso={incident.resolvedAt ?? incident.updatedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
