import { useMemo, useState } from 'react';
import { levelRank } from '../../../../src/model/levels.js';
import { useShownStatuses } from '../../api/time-travel.js';
import { useChain } from '../../api/use-chain.js';
import { indexChain } from '../../chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { LEVEL_TEXT, STATUS_LEVELS, StatusBadge, StatusIcon } from '../../components/status.js';
import { PastBanner } from '../../components/time-control.js';
import { useTitle } from '../../components/use-title.js';
import { Link, navigate, useLocation } from '../../router.js';
import { statusOf } from '../board/board-model.js';
import { MapCanvas } from './map-canvas.js';
import { buildMapGraph, impactPath, withLevels } from './map-graph.js';

const HOPS = [0, 1, 2, 3, 4, 6, 10, 50];

/** The service map: n hops up and down around a focus, status by colour, shape and text. */
export function MapPage() {
  useTitle('Service map');
  const chain = useChain();
  const shown = useShownStatuses();
  const { query } = useLocation();
  const [selected, setSelected] = useState<string | null>(null);
  const index = useMemo(
    () => indexChain(chain.services, chain.parties),
    [chain.services, chain.parties],
  );
  const worst = useMemo(
    () =>
      [...chain.services].sort(
        (a, b) =>
          levelRank(statusOf(shown.statuses, b.id).level) -
          levelRank(statusOf(shown.statuses, a.id).level),
      )[0]?.id,
    [chain.services, shown.statuses],
  );
  const focus = query.get('focus') ?? worst ?? '';
  const up = Number(query.get('up') ?? 2);
  const down = Number(query.get('down') ?? 2);
  const structure = useMemo(
    () => buildMapGraph(index, chain.parties, new Map(), focus, up, down),
    [index, chain.parties, focus, up, down],
  );
  const graph = useMemo(() => withLevels(structure, shown.statuses), [structure, shown.statuses]);
  const focusOptions = useMemo(
    () =>
      chain.services.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      )),
    [chain.services],
  );
  const go = (patch: Record<string, string | number>) => {
    const next = new URLSearchParams({ focus, up: String(up), down: String(down) });
    for (const [k, v] of Object.entries(patch)) next.set(k, String(v));
    setSelected(null);
    navigate(`/map?${next}`, { replace: true });
  };

  if (chain.state === 'loading') return <Loading what="the chain" />;
  if (chain.state === 'error')
    return <ErrorState title="The chain could not be loaded" error={chain.error ?? ''} />;
  if (chain.services.length === 0)
    return <Empty title="No services yet">Add services on the Model page.</Empty>;
  const names = new Map(chain.services.map((s) => [s.id, s.name]));
  const selectedNode = graph.nodes.find((n) => n.id === selected);
  const path = selected ? impactPath(graph, selected) : undefined;
  return (
    <>
      <h1>Service map</h1>
      <PastBanner shown={shown} />
      <section className="toolbar" aria-label="Map settings">
        <div className="field">
          <label htmlFor="map-focus">Focus on</label>
          <select id="map-focus" value={focus} onChange={(e) => go({ focus: e.target.value })}>
            {focusOptions}
          </select>
        </div>
        <HopSelect
          id="map-up"
          label="Hops up (consumers)"
          value={up}
          onChange={(n) => go({ up: n })}
        />
        <HopSelect
          id="map-down"
          label="Hops down (dependencies)"
          value={down}
          onChange={(n) => go({ down: n })}
        />
        <div className="field">
          <label htmlFor="map-node">Select a node</label>
          <select
            id="map-node"
            value={selected ?? ''}
            onChange={(e) => setSelected(e.target.value || null)}
          >
            <option value="">None</option>
            {graph.nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
                {n.level ? ` (${LEVEL_TEXT[n.level]})` : ` (${n.label})`}
              </option>
            ))}
          </select>
        </div>
      </section>
      <p className="muted" aria-live="polite">
        {graph.nodes.length} nodes, {graph.edges.length} links around {names.get(focus) ?? focus}
        {graph.truncated ? ' (the nearest 2,000 services are shown)' : ''}. Customers are on top,
        infrastructure at the bottom. Click a node to see its impact path; double-click to focus on
        it.
      </p>
      <div className="map-wrap">
        <MapCanvas
          structure={structure}
          graph={graph}
          focus={focus}
          selected={selected}
          onSelect={setSelected}
          onFocus={(id) => go({ focus: id })}
        />
      </div>
      <div className="legend">
        <span className="visually-hidden">Legend:</span>
        {STATUS_LEVELS.map((l) => (
          <span key={l} className={`lv-${l} badge`}>
            <StatusIcon level={l} /> {LEVEL_TEXT[l]}
          </span>
        ))}
        <span>▭ customer or team</span>
        <span>- - - impact path</span>
      </div>
      {selectedNode ? (
        <section
          className="card"
          aria-label="Selected node"
          style={{ marginTop: 'var(--s4)' }}
          data-testid="map-selection"
        >
          <h2>{selectedNode.name}</h2>
          {selectedNode.level ? (
            <StatusBadge level={selectedNode.level} maintenance={selectedNode.maintenance} />
          ) : (
            <p>{selectedNode.label}</p>
          )}
          {path && path.nodes.size > 1 ? (
            <p>
              Its trouble reaches {path.nodes.size - 1} node{path.nodes.size === 2 ? '' : 's'} above
              it on this map (highlighted).
            </p>
          ) : null}
          <p className="row">
            {selectedNode.kind === 'service' ? (
              <>
                <Link to={`/services/${encodeURIComponent(selectedNode.id)}`}>
                  Open the service
                </Link>
                <button type="button" onClick={() => go({ focus: selectedNode.id })}>
                  Focus the map here
                </button>
              </>
            ) : (
              <Link to={`/parties/${encodeURIComponent(selectedNode.id.slice('party:'.length))}`}>
                Open the customer
              </Link>
            )}
          </p>
        </section>
      ) : null}
    </>
  );
}

function HopSelect({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  onChange(n: number): void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {HOPS.map((n) => (
          <option key={n} value={n}>
            {n === 50 ? 'all' : n}
          </option>
        ))}
      </select>
    </div>
  );
}
