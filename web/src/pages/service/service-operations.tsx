import { useEffect, useState } from 'react';
import { type ApiResult, api } from '../../api/client.js';
import type { IncidentPage, WindowPage } from '../../api/ops-types.js';
import { ErrorState, Loading } from '../../components/states.js';
import { StatusBadge } from '../../components/status.js';
import { Link } from '../../router.js';
import { IncidentStatusBadge, When } from '../incidents/incident-bits.js';
import { sortIncidents } from '../incidents/incident-model.js';
import { occurrenceText } from '../maintenance/maintenance-model.js';

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The incidents and maintenance windows that name a service, with links to add one. */
export function ServiceOperations({
  service,
  mayWrite,
  version,
}: {
  service: string;
  mayWrite: boolean;
  /** Changes when the service's status does, so a new incident shows up. */
  version: string;
}) {
  const [incidents, setIncidents] = useState<ApiResult<IncidentPage> | null>(null);
  const [windows, setWindows] = useState<ApiResult<WindowPage>[] | null>(null);
  useEffect(() => {
    void version;
    const controller = new AbortController();
    const id = encodeURIComponent(service);
    const signal = controller.signal;
    api<IncidentPage>(`/incidents?service=${id}&limit=20`, { signal }).then(
      setIncidents,
      () => undefined,
    );
    Promise.all(
      ['active', 'upcoming'].map((when) =>
        api<WindowPage>(`/maintenance?service=${id}&when=${when}&limit=20`, { signal }),
      ),
    ).then(setWindows, () => undefined);
    return () => controller.abort();
  }, [service, version]);
  const id = encodeURIComponent(service);
  const windowItems = windows?.flatMap((w) => (w.ok ? w.value.items : [])) ?? [];
  const windowError = windows?.find((w) => !w.ok);
  return (
    <div className="cards spaced">
      <section className="card" aria-labelledby="service-incidents-title">
        <h2 id="service-incidents-title">Incidents</h2>
        {!incidents ? (
          <Loading what="the incidents" />
        ) : !incidents.ok ? (
          <ErrorState title="The incidents could not be loaded" error={incidents.error} />
        ) : incidents.value.items.length === 0 ? (
          <p className="muted">No incident has named it.</p>
        ) : (
          <ul className="plain stacked">
            {sortIncidents(incidents.value.items).map((i) => (
              <li key={i.id}>
                <Link to={`/incidents/${i.id}`}>{i.title}</Link>{' '}
                <IncidentStatusBadge status={i.status} />{' '}
                <StatusBadge
                  level={i.services.find((s) => s.service === service)?.impact ?? 'degraded'}
                  compact
                />{' '}
                <span className="muted">
                  <When iso={i.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
        {mayWrite ? (
          <p>
            <Link to={`/incidents?new=1&service=${id}`}>Open an incident on it</Link>
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="service-maintenance-title">
        <h2 id="service-maintenance-title">Maintenance</h2>
        {!windows ? (
          <Loading what="the maintenance windows" />
        ) : windowError && !windowError.ok ? (
          <ErrorState
            title="The maintenance windows could not be loaded"
            error={windowError.error}
          />
        ) : windowItems.length === 0 ? (
          <p className="muted">No window going on or to come names it.</p>
        ) : (
          <ul className="plain stacked">
            {windowItems.map((w) => (
              <li key={w.id}>
                <strong>{w.title}</strong>{' '}
                <span className="flag">{w.state === 'active' ? 'going on' : 'upcoming'}</span>
                {w.next[0] ? (
                  <div className="muted">{occurrenceText(w.next[0], undefined, LOCAL_ZONE)}</div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`/maintenance?service=${id}${mayWrite ? '&new=1' : ''}`}>
            {mayWrite ? 'Schedule maintenance on it' : 'All maintenance'}
          </Link>
        </p>
      </section>
    </div>
  );
}
