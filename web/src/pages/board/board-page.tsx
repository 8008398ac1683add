import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useAbilities } from '../../api/session.js';
import { useShownStatuses } from '../../api/time-travel.js';
import { useChain } from '../../api/use-chain.js';
import { indexChain } from '../../chain.js';
import { Empty, ErrorState, Loading } from '../../components/states.js';
import { LEVEL_TEXT, STATUS_LEVELS, StatusBadge, StatusIcon } from '../../components/status.js';
import { PastBanner } from '../../components/time-control.js';
import { useTitle } from '../../components/use-title.js';
import { Link, navigate, useLocation } from '../../router.js';
import { BoardFilterBar } from './board-filters.js';
import {
  type BoardFilters,
  type BoardRow,
  boardRows,
  customerScope,
  levelCounts,
  NO_FILTERS,
  teamScope,
} from './board-model.js';

const ROW_HEIGHT = 36;
const FILTER_KEYS = Object.keys(NO_FILTERS) as (keyof BoardFilters)[];

function filtersFrom(query: URLSearchParams): BoardFilters {
  const filters = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) (filters as Record<string, string>)[key] = query.get(key) ?? '';
  return filters;
}

function toQuery(filters: BoardFilters): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) query.set(key, filters[key]);
  const text = query.toString();
  return text ? `/?${text}` : '/';
}

/** The status board: every service by label, filtered, virtualised, live. */
export function BoardPage() {
  useTitle('Status board');
  const chain = useChain();
  const past = useShownStatuses();
  const { query } = useLocation();
  const filters = filtersFrom(query);
  const deferred = useDeferredValue(filters);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const partyName = useMemo(
    () => new Map(chain.parties.map((p) => [p.id, p.name])),
    [chain.parties],
  );
  const { teams } = useAbilities();
  const scope = useMemo(() => {
    const customer = deferred.customer
      ? customerScope(deferred.customer, chain.services, chain.parties)
      : undefined;
    const mine =
      deferred.mine && teams.length > 0
        ? teamScope(teams, indexChain(chain.services, chain.parties))
        : undefined;
    if (customer && mine) return new Set([...customer].filter((id) => mine.has(id)));
    return customer ?? mine;
  }, [deferred.customer, deferred.mine, teams, chain.services, chain.parties]);
  const rows = useMemo(
    () => boardRows(chain.services, past.statuses, deferred, scope, collapsed),
    [chain.services, past.statuses, deferred, scope, collapsed],
  );
  const counts = useMemo(
    () => levelCounts(chain.services, past.statuses),
    [chain.services, past.statuses],
  );
  const onChange = (next: BoardFilters) => navigate(toQuery(next), { replace: true });
  const toggle = (label: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(label)) next.add(label);
      return next;
    });

  if (chain.state === 'loading') return <Loading what="the services" />;
  if (chain.state === 'error')
    return <ErrorState title="The services could not be loaded" error={chain.error ?? ''} />;
  const shown = rows.filter((r) => r.kind === 'service').length;
  return (
    <>
      <h1>Status board</h1>
      <PastBanner shown={past} />
      <fieldset className="counts">
        <legend className="visually-hidden">Services by status</legend>
        {STATUS_LEVELS.map((level) => (
          <button
            key={level}
            type="button"
            aria-pressed={filters.status === level}
            onClick={() => onChange({ ...filters, status: filters.status === level ? '' : level })}
            className={`lv-${level}`}
          >
            <StatusIcon level={level} /> {LEVEL_TEXT[level]} <strong>{counts[level]}</strong>
          </button>
        ))}
      </fieldset>
      <BoardFilterBar
        filters={filters}
        onChange={onChange}
        services={chain.services}
        parties={chain.parties}
      />
      {teams.length > 0 ? (
        <p>
          <label className="row">
            <input
              type="checkbox"
              checked={filters.mine === '1'}
              onChange={(e) => onChange({ ...filters, mine: e.target.checked ? '1' : '' })}
            />
            My view: what my teams ({teams.join(', ')}) provide, their providers and their customers
          </label>
        </p>
      ) : null}
      <p className="muted" aria-live="polite">
        {shown} of {chain.services.length} services
        {filters !== NO_FILTERS && FILTER_KEYS.some((k) => filters[k]) ? (
          <>
            {' · '}
            <button type="button" onClick={() => onChange(NO_FILTERS)}>
              Clear filters
            </button>
          </>
        ) : null}
      </p>
      {chain.services.length === 0 ? (
        <Empty title="No services yet">
          Create one on the Model page, or import model files there.
        </Empty>
      ) : rows.length === 0 ? (
        <Empty title="No service matches these filters">Change or clear the filters above.</Empty>
      ) : (
        <BoardList rows={rows} partyName={partyName} onToggle={toggle} />
      )}
    </>
  );
}

function BoardList({
  rows,
  partyName,
  onToggle,
}: {
  rows: BoardRow[];
  partyName: ReadonlyMap<string, string>;
  onToggle(label: string): void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  useEffect(() => {
    performance.mark('sc:board-rendered');
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const current = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!current) return;
    event.preventDefault();
    const next = Number(current.dataset.index) + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= rows.length) return;
    virtualizer.scrollToIndex(next);
    requestAnimationFrame(() =>
      scrollRef.current
        ?.querySelector<HTMLElement>(`[data-index="${next}"] a, [data-index="${next}"] button`)
        ?.focus(),
    );
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the rows' own links
    <div className="board-scroll" ref={scrollRef} onKeyDown={onKeyDown} data-testid="board">
      <ul
        className="board-list"
        aria-label="Services by label"
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index] as BoardRow;
          const style = { top: item.start, height: ROW_HEIGHT };
          if (row.kind === 'group')
            return (
              <li
                key={`g:${row.label}`}
                className="board-row board-group"
                data-index={item.index}
                style={style}
              >
                <button
                  type="button"
                  aria-expanded={!row.collapsed}
                  onClick={() => onToggle(row.label)}
                >
                  <span aria-hidden="true">{row.collapsed ? '▸' : '▾'}</span> {row.label}{' '}
                  <span className="muted">({row.count})</span>
                </button>
                <StatusBadge level={row.worst} compact />
              </li>
            );
          const { service, status } = row;
          return (
            <li key={service.id} className="board-row" data-index={item.index} style={style}>
              <Link to={`/services/${encodeURIComponent(service.id)}`} title={service.id}>
                {service.name}
              </Link>
              <span className="cell">
                <StatusBadge
                  level={status.level}
                  maintenance={status.maintenance}
                  acknowledged={status.acknowledged}
                />
              </span>
              <span className="cell optional muted">
                {service.provider
                  ? (partyName.get(service.provider) ?? service.provider)
                  : 'no provider'}
              </span>
              <span className="cell optional tags">
                {service.tags.slice(0, 3).map((t) => (
                  <span className="tag" key={t}>
                    {t}
                  </span>
                ))}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
