import { useMemo, useState } from 'react';
import { PARTY_KINDS } from '../../../../src/model/entities.js';
import { worstOf } from '../../../../src/model/levels.js';
import { useChain } from '../../api/use-chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { StatusBadge } from '../../components/status.js';
import { useTitle } from '../../components/use-title.js';
import { Link } from '../../router.js';
import { statusOf } from '../board/board-model.js';

/** Every party, with how each experiences what it consumes right now. */
export function PartiesPage() {
  useTitle('Customers and teams');
  const chain = useChain();
  const [kind, setKind] = useState('');
  const rows = useMemo(
    () =>
      chain.parties
        .filter((p) => !kind || p.kind === kind)
        .map((p) => ({
          party: p,
          level: (p.consumes ?? []).length
            ? worstOf((p.consumes ?? []).map((c) => statusOf(chain.statuses, c.service).level))
            : null,
        })),
    [chain.parties, chain.statuses, kind],
  );
  if (chain.state === 'loading') return <Loading what="the parties" />;
  if (chain.state === 'error')
    return <ErrorState title="The parties could not be loaded" error={chain.error ?? ''} />;
  return (
    <>
      <h1>Customers and teams</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="party-kind">Kind</label>
          <select id="party-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">Any kind</option>
            {PARTY_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </div>
      </div>
      {rows.length === 0 ? (
        <Empty title="No parties">Add customers and teams on the Model page.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Consumes</th>
              <th scope="col">Experience now</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ party, level }) => (
              <tr key={party.id}>
                <td>
                  <Link to={`/parties/${encodeURIComponent(party.id)}`}>{party.name}</Link>
                </td>
                <td>{party.kind}</td>
                <td>{party.consumes?.length ?? 0}</td>
                <td>
                  {level ? (
                    <StatusBadge level={level} compact />
                  ) : (
                    <span className="muted">consumes nothing</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
