import { LIMITS } from '../../../../src/api/schemas/limits.js';
import type { PartyItem, ServiceItem } from '../../api/types.js';
import { LEVEL_TEXT, STATUS_LEVELS } from '../../components/status.js';
import type { BoardFilters } from './board-model.js';

/** The board's search and filters; every control labelled. */
export function BoardFilterBar({
  filters,
  onChange,
  services,
  parties,
}: {
  filters: BoardFilters;
  onChange(next: BoardFilters): void;
  services: readonly ServiceItem[];
  parties: readonly PartyItem[];
}) {
  const providers = [
    ...new Set(services.map((s) => s.provider).filter((p) => p !== undefined)),
  ].sort();
  const tags = [...new Set(services.flatMap((s) => s.tags))].sort();
  const set = (patch: Partial<BoardFilters>) => onChange({ ...filters, ...patch });
  const name = new Map(parties.map((p) => [p.id, p.name]));
  return (
    <search className="toolbar" aria-label="Filter services">
      <div className="field">
        <label htmlFor="board-q">Search</label>
        <input
          id="board-q"
          type="search"
          placeholder="id, name or description"
          maxLength={LIMITS.queryMaxLength}
          value={filters.q}
          onChange={(e) => set({ q: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="board-status">Status</label>
        <select
          id="board-status"
          value={filters.status}
          onChange={(e) => set({ status: e.target.value as BoardFilters['status'] })}
        >
          <option value="">Any status</option>
          {STATUS_LEVELS.map((level) => (
            <option key={level} value={level}>
              {LEVEL_TEXT[level]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="board-ack">Acknowledged</label>
        <select
          id="board-ack"
          value={filters.ack}
          onChange={(e) => set({ ack: e.target.value as BoardFilters['ack'] })}
        >
          <option value="">Either</option>
          <option value="yes">Acknowledged</option>
          <option value="no">Unacknowledged trouble</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="board-provider">Provider</label>
        <select
          id="board-provider"
          value={filters.provider}
          onChange={(e) => set({ provider: e.target.value })}
        >
          <option value="">Any provider</option>
          {providers.map((p) => (
            <option key={p} value={p}>
              {name.get(p) ?? p}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="board-customer">Customer</label>
        <select
          id="board-customer"
          value={filters.customer}
          onChange={(e) => set({ customer: e.target.value })}
        >
          <option value="">Any customer</option>
          {parties.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="board-tag">Tag</label>
        <select id="board-tag" value={filters.tag} onChange={(e) => set({ tag: e.target.value })}>
          <option value="">Any tag</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
    </search>
  );
}
