import type { StatusLevel } from '../../model/levels.js';

/** Fill colours by level, shared by the drawn formats (status-page colours). */
export const LEVEL_COLORS: Readonly<Record<StatusLevel, string>> = {
  operational: '#2e7d32',
  unknown: '#9e9e9e',
  degraded: '#f9a825',
  partial_outage: '#ef6c00',
  major_outage: '#c62828',
};

/** The level, with the flags that ride along, as one short text: `degraded, maintenance`. */
export function statusText(node: {
  level: StatusLevel;
  maintenance: boolean;
  acknowledged: boolean;
}): string {
  const flags = [node.maintenance ? 'maintenance' : '', node.acknowledged ? 'acknowledged' : ''];
  return [node.level, ...flags.filter(Boolean)].join(', ');
}

/** Node keys that cannot collide: a party and a service may share an id. */
export function nodeKey(type: 'service' | 'party', id: string): string {
  return `${type}:${id}`;
}
