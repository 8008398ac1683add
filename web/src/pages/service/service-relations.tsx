import type { ServiceItem, StatusItem } from '../../api/types.js';
import { type ChainIndex, customersOf, walk } from '../../chain.js';
import { Empty } from '../../components/states.js';
import { StatusBadge } from '../../components/status.js';
import { Link } from '../../router.js';
import { statusOf } from '../board/board-model.js';

/** Customers (direct and through the chain) and the dependencies up and down, with status. */
export function ServiceRelations({
  service,
  index,
  statuses,
  names,
}: {
  service: ServiceItem;
  index: ChainIndex;
  statuses: ReadonlyMap<string, StatusItem>;
  names: ReadonlyMap<string, string>;
}) {
  const customers = customersOf(index, service.id);
  const up = [...walk(index, service.id, 'up')].filter(([, hop]) => hop > 0);
  const down = [...walk(index, service.id, 'down')].filter(([, hop]) => hop > 0);
  const impact = new Map((service.dependsOn ?? []).map((d) => [d.service, d.impact]));
  return (
    <div className="cards" style={{ marginTop: 'var(--s5)' }}>
      <section className="card" aria-labelledby="customers-title">
        <h2 id="customers-title">Customers</h2>
        {customers.length === 0 ? (
          <Empty title="No customers">Nobody consumes it, directly or through the chain.</Empty>
        ) : (
          <ul>
            {customers.map((c) => (
              <li key={c.party}>
                <Link to={`/parties/${encodeURIComponent(c.party)}`}>
                  {names.get(`party:${c.party}`) ?? c.party}
                </Link>{' '}
                <span className="muted">{c.direct ? 'subscribed' : 'through the chain'}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ServiceList
        title="Depends on"
        empty="It rests on nothing else."
        hops={down}
        statuses={statuses}
        names={names}
        impact={impact}
      />
      <ServiceList
        title="Needed by"
        empty="No service depends on it."
        hops={up}
        statuses={statuses}
        names={names}
      />
    </div>
  );
}

function ServiceList({
  title,
  empty,
  hops,
  statuses,
  names,
  impact,
}: {
  title: string;
  empty: string;
  hops: [string, number][];
  statuses: ReadonlyMap<string, StatusItem>;
  names: ReadonlyMap<string, string>;
  impact?: ReadonlyMap<string, unknown>;
}) {
  const id = title.toLowerCase().replace(/\s+/g, '-');
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="muted">({hops.length})</span>
      </h2>
      {hops.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Hops</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {hops.slice(0, 200).map(([sid, hop]) => {
              const s = statusOf(statuses, sid);
              const edge = impact?.get(sid);
              return (
                <tr key={sid}>
                  <td>
                    <Link to={`/services/${encodeURIComponent(sid)}`}>{names.get(sid) ?? sid}</Link>
                    {edge !== undefined && edge !== 'as-is' ? (
                      <span className="muted">
                        {' '}
                        ({typeof edge === 'string' ? edge : JSON.stringify(edge)})
                      </span>
                    ) : null}
                  </td>
                  <td>{hop}</td>
                  <td>
                    <StatusBadge level={s.level} maintenance={s.maintenance} compact />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {hops.length > 200 ? (
        <p className="muted">The first 200 of {hops.length} are shown.</p>
      ) : null}
    </section>
  );
}
