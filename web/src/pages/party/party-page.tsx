import { useMemo, useState } from 'react';
import { worstOf } from '../../../../src/model/levels.js';
import { useAbilities } from '../../api/session.js';
import { useChain } from '../../api/use-chain.js';
import { customersOf, indexChain } from '../../chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { StatusBadge } from '../../components/status.js';
import { useTitle } from '../../components/use-title.js';
import { Link } from '../../router.js';
import { statusOf } from '../board/board-model.js';
import { PartyEditor } from './party-editor.js';
import { PartySla } from './party-sla.js';

/** A party: what it consumes and how it experiences it now, and whom it serves in turn. */
export function PartyPage({ id }: { id: string }) {
  const chain = useChain();
  const { write } = useAbilities();
  const [editing, setEditing] = useState(false);
  const party = chain.parties.find((p) => p.id === id);
  useTitle(party?.name ?? id);
  const index = useMemo(
    () => indexChain(chain.services, chain.parties),
    [chain.services, chain.parties],
  );
  const names = useMemo(() => new Map(chain.parties.map((p) => [p.id, p.name])), [chain.parties]);
  if (chain.state === 'loading') return <Loading what="the customer" />;
  if (chain.state === 'error')
    return <ErrorState title="The customer could not be loaded" error={chain.error ?? ''} />;
  if (!party) return <ErrorState title={`Party ${id}`} error={`There is no party '${id}'.`} />;
  const consumes = party.consumes ?? [];
  const provided = chain.services.filter((s) => s.provider === id);
  const served = new Map<string, string[]>();
  for (const s of provided)
    for (const c of customersOf(index, s.id))
      if (c.party !== id) served.set(c.party, [...(served.get(c.party) ?? []), s.id]);
  const experience = consumes.length
    ? worstOf(consumes.map((c) => statusOf(chain.statuses, c.service).level))
    : null;
  return (
    <article aria-labelledby="party-title">
      <p className="muted">
        <Link to="/parties">Customers and teams</Link> / {party.kind}
      </p>
      <div className="row">
        <h1 id="party-title">{party.name}</h1>
        {write && !editing ? (
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
      </div>
      {editing ? (
        <PartyEditor
          party={party}
          parties={chain.parties}
          onChanged={() => void chain.data.reload()}
          onClose={() => setEditing(false)}
        />
      ) : null}
      {party.description ? <p>{party.description}</p> : null}
      <p className="row">
        <span>How it experiences its services now:</span>
        {experience ? (
          <StatusBadge level={experience} />
        ) : (
          <span className="muted">it consumes nothing</span>
        )}
      </p>
      {party.parent ? (
        <p>
          Part of{' '}
          <Link to={`/parties/${encodeURIComponent(party.parent)}`}>
            {names.get(party.parent) ?? party.parent}
          </Link>
        </p>
      ) : null}
      <div className="cards">
        <section className="card" aria-labelledby="consumes-title">
          <h2 id="consumes-title">Consumes ({consumes.length})</h2>
          {consumes.length === 0 ? (
            <p className="muted">No subscriptions.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Promise</th>
                  <th scope="col">Now</th>
                </tr>
              </thead>
              <tbody>
                {consumes.map((c) => {
                  const s = statusOf(chain.statuses, c.service);
                  return (
                    <tr key={c.service}>
                      <td>
                        <Link to={`/services/${encodeURIComponent(c.service)}`}>
                          {index.byId.get(c.service)?.name ?? c.service}
                        </Link>
                      </td>
                      <td>{c.slo !== undefined ? `${c.slo} %` : '—'}</td>
                      <td>
                        <StatusBadge level={s.level} maintenance={s.maintenance} compact />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="provides-title">
          <h2 id="provides-title">Provides ({provided.length})</h2>
          {provided.length === 0 ? (
            <p className="muted">It provides no services.</p>
          ) : (
            <ul>
              {provided.map((s) => (
                <li key={s.id}>
                  <Link to={`/services/${encodeURIComponent(s.id)}`}>{s.name}</Link>{' '}
                  <StatusBadge level={statusOf(chain.statuses, s.id).level} compact />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="serves-title">
          <h2 id="serves-title">Serves in turn ({served.size})</h2>
          {served.size === 0 ? (
            <Empty title="Nobody downstream">No one relies on what it provides.</Empty>
          ) : (
            <ul>
              {[...served].map(([p, via]) => (
                <li key={p}>
                  <Link to={`/parties/${encodeURIComponent(p)}`}>{names.get(p) ?? p}</Link>{' '}
                  <span className="muted">
                    through {via.length} service{via.length === 1 ? '' : 's'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {consumes.length > 0 ? <PartySla party={party.id} /> : null}
      {party.members && party.members.length > 0 ? (
        <>
          <h2>Members</h2>
          <ul>
            {party.members.map((m) => (
              <li key={m}>
                <Link to={`/parties/${encodeURIComponent(m)}`}>{names.get(m) ?? m}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
