import type { StatusLevel } from '../../model/levels.js';
import type {
  DisplayStatus,
  IncidentView,
  MaintenanceView,
  PageView,
} from '../../status-pages/page-view.js';
import { pagePath } from './render-html.js';
import { OVERALL_WORDS } from './wording.js';

/** Component statuses as Atlassian Statuspage's API names them, plus `unknown` (ours). */
const COMPONENT_STATUS: Record<DisplayStatus, string> = {
  operational: 'operational',
  unknown: 'unknown',
  degraded: 'degraded_performance',
  partial_outage: 'partial_outage',
  major_outage: 'major_outage',
  maintenance: 'under_maintenance',
};

/** Impact and page indicator words of the same API. */
const IMPACT: Record<StatusLevel, string> = {
  operational: 'none',
  unknown: 'minor',
  degraded: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function incident(view: IncidentView, slug: string) {
  return {
    id: view.ref,
    name: view.title,
    status: view.status,
    impact: IMPACT[view.impact],
    created_at: iso(view.createdAt),
    updated_at: iso(view.updatedAt),
    resolved_at: iso(view.resolvedAt),
    shortlink: `${pagePath(slug)}#incident-${view.ref}`,
    incident_updates: view.updates.map((u, i) => ({
      id: `${view.ref}-${view.updates.length - i}`,
      status: u.status,
      body: u.message,
      created_at: iso(u.at),
      display_at: iso(u.at),
    })),
    components: view.components.map((c) => ({ id: c.key, name: c.name })),
  };
}

function maintenance(view: MaintenanceView, slug: string) {
  return {
    id: view.ref,
    name: view.title,
    status: view.state,
    impact: 'maintenance',
    scheduled_for: iso(view.start),
    scheduled_until: iso(view.end),
    shortlink: `${pagePath(slug)}#maintenance-${view.ref}`,
    description: view.description,
    components: view.components.map((c) => ({ id: c.key, name: c.name })),
  };
}

/**
 * The page in the shape of Atlassian Statuspage's `summary.json` (page, status, components,
 * incidents, scheduled_maintenances), which status page readers and monitors already parse.
 * Ids are the page's keys and opaque references, never model ids. Groups are components with
 * `group: true` and ids `group:<n>`, which no key can take (keys have no colon).
 */
export function renderPageJson(view: PageView) {
  const groups = [...new Set(view.components.map((c) => c.group))].filter(
    (g): g is string => g !== null,
  );
  const groupId = (group: string | null) =>
    group === null ? null : `group:${groups.indexOf(group) + 1}`;
  const components = [
    ...groups.map((group, i) => ({
      id: `group:${i + 1}`,
      name: group,
      status: COMPONENT_STATUS[worstDisplay(view, group)],
      group: true,
      group_id: null,
      position: i + 1,
      components: view.components.filter((c) => c.group === group).map((c) => c.key),
    })),
    ...view.components.map((c, i) => ({
      id: c.key,
      name: c.name,
      status: COMPONENT_STATUS[c.status],
      group: false,
      group_id: groupId(c.group),
      position: i + 1,
      updated_at: iso(c.since),
      uptime_percent: c.uptimePercent,
      ...(c.causes.length > 0 && { affected_through: c.causes }),
    })),
  ];
  const overall = view.overall;
  return {
    page: {
      id: view.slug,
      name: view.title,
      url: pagePath(view.slug),
      time_zone: 'Etc/UTC',
      updated_at: iso(view.generatedAt),
    },
    status: {
      indicator: overall === 'maintenance' ? 'maintenance' : IMPACT[overall],
      description: OVERALL_WORDS[overall],
    },
    components,
    incidents: view.activeIncidents.map((i) => incident(i, view.slug)),
    scheduled_maintenances: view.maintenance.map((m) => maintenance(m, view.slug)),
  };
}

function worstDisplay(view: PageView, group: string): DisplayStatus {
  const order: DisplayStatus[] = [
    'operational',
    'maintenance',
    'unknown',
    'degraded',
    'partial_outage',
    'major_outage',
  ];
  let worst: DisplayStatus = 'operational';
  for (const c of view.components)
    if (c.group === group && order.indexOf(c.status) > order.indexOf(worst)) worst = c.status;
  return worst;
}
