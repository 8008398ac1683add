import { STATUS_LEVELS, type StatusLevel } from '../../../src/model/levels.js';

/** How a level reads, in words; the UI never shows status by colour alone. */
export const LEVEL_TEXT: Record<StatusLevel, string> = {
  operational: 'Operational',
  unknown: 'Unknown',
  degraded: 'Degraded',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export { STATUS_LEVELS };

/** A shape per level (circle, dashed circle, triangle, diamond, square) so it reads without colour. */
export function StatusIcon({ level, size = 14 }: { level: StatusLevel; size?: number }) {
  const common = { width: size, height: size, viewBox: '0 0 16 16' } as const;
  switch (level) {
    case 'operational':
      return (
        <svg aria-hidden="true" {...common} className="icon lv-operational">
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.5 8.2 7 10.5l4.5-5" stroke="var(--icon-ink)" strokeWidth="2" fill="none" />
        </svg>
      );
    case 'unknown':
      return (
        <svg aria-hidden="true" {...common} className="icon lv-unknown">
          <circle
            cx="8"
            cy="8"
            r="6.2"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeDasharray="2.4 1.6"
            fill="none"
          />
          <path
            d="M6.2 6.3a1.9 1.9 0 1 1 2.6 1.7c-.6.3-.8.6-.8 1.2"
            stroke="currentColor"
            strokeWidth="1.5"
            fill="none"
          />
          <circle cx="8" cy="11.3" r=".9" fill="currentColor" />
        </svg>
      );
    case 'degraded':
      return (
        <svg aria-hidden="true" {...common} className="icon lv-degraded">
          <path d="M8 1.2 15.2 14H.8Z" fill="currentColor" />
          <path d="M8 5.5v4.2" stroke="var(--icon-ink)" strokeWidth="1.8" />
          <circle cx="8" cy="11.7" r=".95" fill="var(--icon-ink)" />
        </svg>
      );
    case 'partial_outage':
      return (
        <svg aria-hidden="true" {...common} className="icon lv-partial_outage">
          <path d="M8 .8 15.2 8 8 15.2.8 8Z" fill="currentColor" />
          <path d="M5 8h6" stroke="var(--icon-ink)" strokeWidth="2" />
        </svg>
      );
    case 'major_outage':
      return (
        <svg aria-hidden="true" {...common} className="icon lv-major_outage">
          <rect x="1" y="1" width="14" height="14" rx="2" fill="currentColor" />
          <path d="m5 5 6 6m0-6-6 6" stroke="var(--icon-ink)" strokeWidth="2" />
        </svg>
      );
  }
}

/** A level as icon and text, with the maintenance and acknowledged flags spelled out. */
export function StatusBadge({
  level,
  maintenance,
  acknowledged,
  compact,
}: {
  level: StatusLevel;
  maintenance?: boolean;
  acknowledged?: boolean;
  compact?: boolean;
}) {
  return (
    <span className={`badge lv-${level}`} data-level={level}>
      <StatusIcon level={level} />
      <span className={compact ? 'badge-text compact' : 'badge-text'}>{LEVEL_TEXT[level]}</span>
      {maintenance ? <span className="flag">maintenance</span> : null}
      {acknowledged ? <span className="flag">acknowledged</span> : null}
    </span>
  );
}
