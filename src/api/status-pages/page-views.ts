import { createHash } from 'node:crypto';
import type { ServiceStatus } from '../../engine/types.js';
import type { Incident } from '../../incidents/types.js';
import type { MaintenanceWindow } from '../../maintenance/types.js';
import { NotFoundError } from '../../model/errors.js';
import type { StatusRuntime } from '../../runtime/status-runtime.js';
import { DAY_MS, DailyUptime } from '../../status-pages/daily-uptime.js';
import { type PageView, pageView } from '../../status-pages/page-view.js';
import type { StatusPage } from '../../status-pages/types.js';
import type { Store, Versioned } from '../../store/store.js';

export interface StatusPageOptions {
  /** The clock pages are rendered at (default: the system clock). */
  now?: () => number;
  /**
   * How long a page's view (and what it is made of: its configuration, incidents, maintenance)
   * is reused before it is made again, ms (default 5000). Writes through the API drop it at once.
   */
  cacheMs?: number;
}

/**
 * A rendered form of a view, with its entity tag: a weak one, as it stands for what the page
 * says, not for the bytes (see `StatusPageViews.rendered`).
 */
export interface Rendered {
  body: string;
  etag: string;
}

/** The moment a view is rendered at for its entity tag, whenever it was made. */
const TAGGED_AT = 0;

interface CachedView {
  at: number;
  version: number;
  view: PageView;
  rendered: Map<string, Rendered>;
}

function statusOrNothing(read: () => ServiceStatus): ServiceStatus | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Incidents fetched at most: the open ones, and this many of the newest resolved. */
const RESOLVED_FETCHED = 200;

/**
 * Status page views, made from memory: the engine's statuses, the daily uptime figures (kept),
 * and incidents and maintenance read from the store at most once per `cacheMs` for all pages
 * together. A view and each of its renderings are kept for `cacheMs` too, so a busy page costs
 * one rendering per interval.
 */
export class StatusPageViews {
  private readonly now: () => number;
  private readonly cacheMs: number;
  private readonly uptime: DailyUptime;
  private readonly configs = new Map<string, { at: number; page?: Versioned<StatusPage> }>();
  private readonly views = new Map<string, CachedView>();
  private readonly incidents = new Map<number, Incident>();
  private feed: { at: number; incidents: Incident[]; windows: MaintenanceWindow[] } | undefined;
  private feedLoading: Promise<NonNullable<StatusPageViews['feed']>> | undefined;

  constructor(
    private readonly store: Store,
    private readonly runtime: StatusRuntime,
    options: StatusPageOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.cacheMs = options.cacheMs ?? 5000;
    this.uptime = new DailyUptime(store);
  }

  /** The page's configuration, or undefined when there is no such page. */
  async page(slug: string): Promise<Versioned<StatusPage> | undefined> {
    const now = this.now();
    const kept = this.configs.get(slug);
    if (kept && this.fresh(kept.at, now)) return kept.page;
    const page = await this.store.getStatusPage(slug);
    // Unknown slugs are remembered too, but only a bounded number of them.
    if (this.configs.size > 10_000) this.configs.clear();
    this.configs.set(slug, { at: now, ...(page && { page }) });
    return page;
  }

  /** Forgets what is kept of a page (after a write through this process). */
  forget(slug: string): void {
    this.configs.delete(slug);
    this.views.delete(slug);
  }

  async view(page: Versioned<StatusPage>): Promise<PageView> {
    return (await this.cached(page)).view;
  }

  /**
   * A rendering of the page's view, kept with the view; `kind` names the rendering. Its entity
   * tag hashes the rendering of the view as if made at one fixed moment, so the time a view was
   * made ("Updated …") changes no tag: an unchanged page keeps its tag from one cache interval to
   * the next, and a conditional GET gets 304. Whatever else the rendering holds is in the tag
   * (the sign-up form's token, which changes once an hour: sign-up-form.ts).
   */
  async rendered(
    page: Versioned<StatusPage>,
    kind: string,
    render: (view: PageView) => string,
  ): Promise<Rendered> {
    const cached = await this.cached(page);
    let out = cached.rendered.get(kind);
    if (!out) {
      const body = render(cached.view);
      const content =
        cached.view.generatedAt === TAGGED_AT
          ? body
          : render({ ...cached.view, generatedAt: TAGGED_AT });
      const hash = createHash('sha256').update(content).digest('base64url').slice(0, 22);
      out = { body, etag: `W/"${hash}"` };
      cached.rendered.set(kind, out);
    }
    return out;
  }

  private fresh(at: number, now: number): boolean {
    return now >= at && now - at < this.cacheMs;
  }

  private async cached(page: Versioned<StatusPage>): Promise<CachedView> {
    const now = this.now();
    const slug = page.entity.slug;
    const kept = this.views.get(slug);
    if (kept && kept.version === page.version && this.fresh(kept.at, now)) return kept;
    const engine = this.runtime.engine;
    // A service the model no longer has drops off the page.
    const statuses = new Map(
      page.entity.services.flatMap((s) => {
        const status = statusOrNothing(() => engine.status(s.service));
        return status ? [[s.service, status] as const] : [];
      }),
    );
    const services = [...statuses.keys()];
    const [feed, uptime] = await Promise.all([
      this.loadFeed(now),
      this.uptime.figures(services, now),
    ]);
    const view = pageView({
      page: page.entity,
      now,
      status: (id) => statuses.get(id),
      explain: (id) => (statuses.has(id) ? engine.explain(id) : undefined),
      incidents: feed.incidents,
      maintenance: feed.windows,
      uptime,
    });
    const cached: CachedView = { at: now, version: page.version, view, rendered: new Map() };
    this.views.set(slug, cached);
    return cached;
  }

  /** Incidents and maintenance for every page, read once per interval however many ask. */
  private loadFeed(now: number) {
    if (this.feed && this.fresh(this.feed.at, now)) return Promise.resolve(this.feed);
    this.feedLoading ??= this.readFeed(now).finally(() => {
      this.feedLoading = undefined;
    });
    return this.feedLoading;
  }

  private async readFeed(now: number) {
    const [open, resolved, windows] = await Promise.all([
      this.store.listOpenIncidents(),
      this.store.listIncidents({ state: 'resolved', limit: RESOLVED_FETCHED }),
      this.store.listWindows({ endsAfter: now, cancelled: false, limit: 500 }),
    ]);
    const since = now - 90 * DAY_MS;
    const wanted = [...open, ...resolved.filter((i) => (i.resolvedAt ?? 0) >= since)];
    const incidents: Incident[] = [];
    const seen = new Set<number>();
    for (const summary of wanted) {
      seen.add(summary.id);
      // An incident is read whole only when it changed since it was last read.
      let incident = this.incidents.get(summary.id);
      if (incident?.version !== summary.version) {
        incident = await this.store.getIncident(summary.id);
        if (!incident) continue;
        this.incidents.set(summary.id, incident);
      }
      incidents.push(incident);
    }
    for (const id of this.incidents.keys()) if (!seen.has(id)) this.incidents.delete(id);
    this.feed = { at: now, incidents, windows };
    return this.feed;
  }
}
