import { createHash } from 'node:crypto';
import type { Explanation, ServiceStatus } from '../engine/types.js';
import type { Incident, IncidentStatus } from '../incidents/types.js';
import { activeOccurrence, nextOccurrences } from '../maintenance/occurrences.js';
import type { MaintenanceWindow } from '../maintenance/types.js';
import { levelRank, type StatusLevel, worstOf } from '../model/levels.js';
import { availabilityOver, DAY_MS, type DayFigure } from './daily-uptime.js';
import type { PageService, StatusPage } from './types.js';

/**
 * What an entry of a page shows: a level, or `maintenance` when a planned window is what makes it
 * non-operational (DESIGN §2: the flag rides along with the level).
 */
export type DisplayStatus = StatusLevel | 'maintenance';

export interface ComponentView {
  key: string;
  name: string;
  group: string | null;
  status: DisplayStatus;
  /** When the level last changed, ms; null if never. */
  since: number | null;
  /** Names of other entries of the page its trouble comes from; empty unless the page shows causes. */
  causes: string[];
  uptime: DayFigure[];
  /** Over the days shown, percent; null when nothing was counted. */
  uptimePercent: number | null;
}

export interface UpdateView {
  status: IncidentStatus;
  message: string;
  at: number;
}

export interface IncidentView {
  /** Opaque and stable per page: incident numbers (and so their count) are not shown. */
  ref: string;
  title: string;
  status: IncidentStatus;
  /** The worst impact declared on an entry of the page. */
  impact: StatusLevel;
  /** The entries of the page it affects (key and shown name only). */
  components: { key: string; name: string }[];
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  /** Newest first. Authors are never shown. */
  updates: UpdateView[];
}

export interface MaintenanceView {
  ref: string;
  /** The window's title on internal pages; a neutral one elsewhere (windows have no audience). */
  title: string;
  description: string;
  components: { key: string; name: string }[];
  state: 'in_progress' | 'scheduled';
  start: number;
  end: number;
}

/** A status page as its audience sees it: everything renderers may show, and nothing else. */
export interface PageView {
  slug: string;
  title: string;
  branding: string;
  audience: StatusPage['audience']['kind'];
  overall: DisplayStatus;
  components: ComponentView[];
  activeIncidents: IncidentView[];
  pastIncidents: IncidentView[];
  maintenance: MaintenanceView[];
  generatedAt: number;
  /** Days of incident history and uptime shown. */
  days: number;
}

/** What a page view is made from; every list may hold more than the page may show. */
export interface PageInputs {
  page: StatusPage;
  now: number;
  /** The engine's status of a service, or undefined when the model no longer has it. */
  status(service: string): ServiceStatus | undefined;
  /** The engine's root-cause tree, asked only when the page shows causes. */
  explain(service: string): Explanation | undefined;
  /** Open incidents and those resolved lately, with their updates. */
  incidents: readonly Incident[];
  /** Windows not over (cancelled ones are left out here). */
  maintenance: readonly MaintenanceWindow[];
  uptime: ReadonlyMap<string, DayFigure[]>;
  days?: number;
}

/** How far ahead scheduled maintenance is announced. */
export const MAINTENANCE_NOTICE_MS = 30 * DAY_MS;
/** Resolved incidents shown in the history at most. */
export const HISTORY_MAX = 50;

/** An id that is stable for the page and tells nothing of the thing behind it. */
export function opaqueRef(slug: string, kind: string, id: number): string {
  return createHash('sha256').update(`${slug}\n${kind}\n${id}`).digest('hex').slice(0, 12);
}

function displayStatus(status: ServiceStatus): DisplayStatus {
  return status.maintenance && status.level !== 'operational' ? 'maintenance' : status.level;
}

/**
 * The page's view: the only place that decides what an audience may see. Services the page does
 * not list, model ids, authors, signals and root-cause trees never reach it; names are the
 * page's display names; incidents are those the audience may see that touch a listed service.
 */
export function pageView(inputs: PageInputs): PageView {
  const { page, now } = inputs;
  const days = inputs.days ?? 90;
  const listed = new Map(page.services.map((entry) => [entry.service, entry]));
  const components: ComponentView[] = [];
  for (const entry of page.services) {
    const status = inputs.status(entry.service);
    if (!status) continue;
    const uptime = inputs.uptime.get(entry.service) ?? [];
    components.push({
      key: entry.key,
      name: entry.name,
      group: entry.group ?? null,
      status: displayStatus(status),
      since: status.since ?? null,
      causes:
        page.showRootCause && status.level !== 'operational'
          ? causesOf(inputs.explain(entry.service), entry, listed)
          : [],
      uptime,
      uptimePercent: availabilityOver(uptime),
    });
  }
  const shown = new Set(components.map((c) => c.key));
  const onPage = (service: string) => {
    const entry = listed.get(service);
    return entry && shown.has(entry.key) ? entry : undefined;
  };
  const incidents = inputs.incidents
    .filter((incident) => incident.visibility === 'public' || mayShowInternal(page))
    .map((incident) => incidentView(page.slug, incident, onPage))
    .filter((view): view is IncidentView => view !== undefined);
  const since = now - days * DAY_MS;
  return {
    slug: page.slug,
    title: page.title,
    branding: page.branding,
    audience: page.audience.kind,
    overall: overallOf(components),
    components,
    activeIncidents: incidents.filter((i) => i.status !== 'resolved'),
    pastIncidents: incidents
      .filter((i) => i.status === 'resolved' && (i.resolvedAt ?? 0) >= since)
      .sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0))
      .slice(0, HISTORY_MAX),
    maintenance: maintenanceViews(page, inputs.maintenance, onPage, now),
    generatedAt: now,
    days,
  };
}

/** Whether internal incidents reach the page's audience: asked for, and never on a public page. */
export function mayShowInternal(page: StatusPage): boolean {
  return page.showInternalIncidents && page.audience.kind !== 'public';
}

/** The worst entry; `maintenance` only when nothing is worse than what maintenance explains. */
function overallOf(components: readonly ComponentView[]): DisplayStatus {
  const levels = components.map((c) => (c.status === 'maintenance' ? 'operational' : c.status));
  const worst = worstOf(levels);
  if (worst === 'operational' && components.some((c) => c.status === 'maintenance'))
    return 'maintenance';
  return worst;
}

/** The other listed entries found in a root-cause tree, by their shown names, in page order. */
function causesOf(
  tree: Explanation | undefined,
  self: PageService,
  listed: ReadonlyMap<string, PageService>,
): string[] {
  if (!tree) return [];
  const found = new Set<string>();
  const walk = (node: Explanation) => {
    for (const cause of node.causes) {
      const service = cause.explanation.service;
      if (service !== self.service && listed.has(service)) found.add(service);
      walk(cause.explanation);
    }
  };
  walk(tree);
  return [...listed.values()].filter((e) => found.has(e.service)).map((e) => e.name);
}

function incidentView(
  slug: string,
  incident: Incident,
  onPage: (service: string) => PageService | undefined,
): IncidentView | undefined {
  const affected = incident.services
    .map((s) => ({ entry: onPage(s.service), impact: s.impact }))
    .filter((s): s is { entry: PageService; impact: Incident['services'][number]['impact'] } =>
      Boolean(s.entry),
    );
  if (affected.length === 0) return undefined;
  const impact = affected.reduce<StatusLevel>(
    (worst, s) => (levelRank(s.impact) > levelRank(worst) ? s.impact : worst),
    'operational',
  );
  return {
    ref: opaqueRef(slug, 'incident', incident.id),
    title: incident.title,
    status: incident.status,
    impact,
    components: affected.map(({ entry }) => ({ key: entry.key, name: entry.name })),
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
    resolvedAt: incident.resolvedAt,
    updates: incident.updates
      .map((u) => ({ status: u.status, message: u.message, at: u.at }))
      .reverse(),
  };
}

function maintenanceViews(
  page: StatusPage,
  windows: readonly MaintenanceWindow[],
  onPage: (service: string) => PageService | undefined,
  now: number,
): MaintenanceView[] {
  const views: MaintenanceView[] = [];
  for (const window of windows) {
    if (window.cancelled) continue;
    const components = window.services
      .map(onPage)
      .filter((e): e is PageService => e !== undefined)
      .map((e) => ({ key: e.key, name: e.name }));
    if (components.length === 0) continue;
    const active = activeOccurrence(window.schedule, now);
    const next = nextOccurrences(window.schedule, now, 2).find((o) => o.start > now);
    const occurrence = active ?? (next && next.start - now <= MAINTENANCE_NOTICE_MS ? next : null);
    if (!occurrence) continue;
    const internal = page.audience.kind === 'internal';
    views.push({
      ref: opaqueRef(page.slug, 'maintenance', window.id),
      title: internal ? window.title : 'Planned maintenance',
      description: internal ? window.description : '',
      components,
      state: active ? 'in_progress' : 'scheduled',
      start: occurrence.start,
      end: occurrence.end,
    });
  }
  return views.sort((a, b) => a.start - b.start);
}
