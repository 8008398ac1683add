import type { Explanation } from '../../api/types.js';
import { StatusBadge } from '../../components/status.js';
import { Link } from '../../router.js';

/** The why: each non-operational dependency and, at the leaves, the signals and overrides. */
export function ExplainTree({
  explanation,
  names,
}: {
  explanation: Explanation;
  names: ReadonlyMap<string, string>;
}) {
  if (explanation.level === 'operational' && explanation.causes.length === 0)
    return <p>Everything it rests on is operational, and it has no active signals.</p>;
  return (
    <ul className="tree" aria-label="Why it has this status">
      <ExplainNode explanation={explanation} names={names} root />
    </ul>
  );
}

function ExplainNode({
  explanation: e,
  names,
  via,
  root,
}: {
  explanation: Explanation;
  names: ReadonlyMap<string, string>;
  via?: { impact: string; contributed: string };
  root?: boolean;
}) {
  return (
    <li>
      <span className="row">
        <StatusBadge level={e.level} maintenance={e.maintenance} acknowledged={e.acknowledged} />
        {root ? (
          <strong>{names.get(e.service) ?? e.service}</strong>
        ) : (
          <Link to={`/services/${encodeURIComponent(e.service)}`}>
            {names.get(e.service) ?? e.service}
          </Link>
        )}
        {via ? (
          <span className="via">
            contributes {via.contributed.replace('_', ' ')}
            {via.impact !== 'as-is' ? ` (impact ${via.impact})` : ''}
          </span>
        ) : null}
        {e.repeated ? <span className="via">explained above</span> : null}
        {e.truncated ? <span className="via">the tree is cut here</span> : null}
      </span>
      {e.signals.length > 0 || e.override || e.maintenanceWindows.length > 0 ? (
        <ul>
          {e.override ? (
            <li>
              Manual status <strong>{e.override.level.replace('_', ' ')}</strong>
              {e.override.author ? ` by ${e.override.author}` : ''}
              {e.override.reason ? `: ${e.override.reason}` : ''}
            </li>
          ) : null}
          {e.signals.map((s) => (
            <li key={s.key}>
              <StatusBadge level={s.level} compact /> signal <code>{s.key}</code>
              {s.summary ? `: ${s.summary}` : ''}
            </li>
          ))}
          {e.maintenanceWindows.map((w) => (
            <li key={w}>
              Maintenance window <code>{w}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {e.causes.length > 0 ? (
        <ul>
          {e.causes.map((c) => (
            <ExplainNode
              key={c.explanation.service}
              explanation={c.explanation}
              names={names}
              via={c.via}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
