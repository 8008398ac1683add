import { useCallback, useEffect, useMemo, useState } from 'react';
import { type ApiResult, api, seg } from '../../api/client.js';
import { useAbilities } from '../../api/session.js';
import type { Explanation, ServiceItem } from '../../api/types.js';
import { useChain } from '../../api/use-chain.js';
import { indexChain } from '../../chain.js';
import { bodyOf, ServiceForm } from '../../components/service-form.js';
import { ErrorState, Loading } from '../../components/states.js';
import { StatusBadge } from '../../components/status.js';
import { useTitle } from '../../components/use-title.js';
import { Link } from '../../router.js';
import { statusOf } from '../board/board-model.js';
import { AcknowledgementPanel } from './acknowledgement-panel.js';
import { AuditTrail } from './audit-trail.js';
import { AvailabilityPanel } from './availability-panel.js';
import { DependencyEditor } from './dependency-editor.js';
import { ExplainTree } from './explain-tree.js';
import { HistoryTimeline } from './history-timeline.js';
import { OverridePanel } from './override-panel.js';
import { ServiceOperations } from './service-operations.js';
import { ServiceRelations } from './service-relations.js';

interface Loaded {
  service: ServiceItem;
  etag: string | null;
}

/** One service: details, status and the why, provider and customers, the chain, the audit. */
export function ServicePage({ id }: { id: string }) {
  const chain = useChain();
  const { write, teams } = useAbilities();
  const [loaded, setLoaded] = useState<ApiResult<ServiceItem> | null>(null);
  const [explain, setExplain] = useState<ApiResult<Explanation> | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(0);
  const [overridden, setOverridden] = useState(0);
  const status = statusOf(chain.statuses, id);
  useTitle(loaded?.ok ? loaded.value.name : id);

  const load = useCallback(
    async () => setLoaded(await api<ServiceItem>(`/services/${seg(id)}`)),
    [id],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a model change (new services list) reloads it
  useEffect(() => {
    void load();
  }, [load, chain.services]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the why changes when the status or the manual status does
  useEffect(() => {
    void api<Explanation>(`/services/${seg(id)}/explain`).then(setExplain);
  }, [id, status.level, status.maintenance, overridden]);

  const names = useMemo(() => {
    const map = new Map(chain.services.map((s) => [s.id, s.name]));
    for (const p of chain.parties) map.set(`party:${p.id}`, p.name);
    return map;
  }, [chain.services, chain.parties]);
  const index = useMemo(
    () => indexChain(chain.services, chain.parties),
    [chain.services, chain.parties],
  );

  if (!loaded) return <Loading what="the service" />;
  if (!loaded.ok) return <ErrorState title={`Service ${id}`} error={loaded.error} />;
  const service = loaded.value;
  const current: Loaded = { service, etag: loaded.etag };
  const mayEdit = write || (service.provider !== undefined && teams.includes(service.provider));

  const save = async (fields: Parameters<typeof bodyOf>[0]) => {
    const result = await api<ServiceItem>(`/services/${seg(id)}`, {
      method: 'PATCH',
      body: bodyOf(fields, true),
      ifMatch: current.etag ?? '*',
    });
    if (result.ok) {
      setLoaded(result);
      setEditing(false);
      setSaved((n) => n + 1);
      void chain.data.reload();
    } else if (result.error.status === 412) {
      await load();
      return {
        ok: false as const,
        error: {
          ...result.error,
          message:
            'Someone changed this service while you were editing. The page now shows their version; apply your change again.',
        },
      };
    }
    return result;
  };

  return (
    <article aria-labelledby="service-title">
      <p className="muted">
        <Link to="/">Status board</Link> / {service.label}
      </p>
      <div className="row">
        <h1 id="service-title">{service.name}</h1>
      </div>
      <p className="row">
        <StatusBadge
          level={status.level}
          maintenance={status.maintenance}
          acknowledged={status.acknowledged}
        />
        {status.since ? (
          <span className="muted">
            since <time dateTime={status.since}>{new Date(status.since).toLocaleString()}</time>
          </span>
        ) : null}
        <Link to={`/map?focus=${encodeURIComponent(id)}`}>Show on the map</Link>
        <Link to={`/impact?down=${encodeURIComponent(id)}`}>What if it fails?</Link>
        {mayEdit && !editing ? (
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
      </p>
      {editing ? (
        <section className="card" aria-label="Edit service">
          <ServiceForm
            initial={service}
            parties={chain.parties}
            creating={false}
            onSubmit={save}
            onCancel={() => setEditing(false)}
          />
          <DependencyEditor
            service={service}
            services={chain.services}
            onChanged={() => {
              void load();
              setSaved((n) => n + 1);
              void chain.data.reload();
            }}
          />
        </section>
      ) : (
        <ServiceDetails service={service} partyName={(p) => names.get(`party:${p}`) ?? p} />
      )}
      <h2>Why it is {status.level.replace('_', ' ')}</h2>
      {!explain ? (
        <Loading what="the explanation" />
      ) : explain.ok ? (
        <ExplainTree explanation={explain.value} names={names} />
      ) : (
        <ErrorState title="The explanation could not be loaded" error={explain.error} />
      )}
      <AcknowledgementPanel
        service={id}
        level={status.level}
        acknowledged={status.acknowledged}
        mayEdit={mayEdit}
      />
      {mayEdit && explain?.ok ? (
        <OverridePanel
          service={id}
          current={explain.value.override}
          onChanged={() => setOverridden((n) => n + 1)}
        />
      ) : null}
      <ServiceRelations service={service} index={index} statuses={chain.statuses} names={names} />
      <ServiceOperations
        service={id}
        mayWrite={mayEdit}
        version={`${status.level}/${status.maintenance}`}
      />
      <AvailabilityPanel service={id} />
      <HistoryTimeline service={id} names={names} />
      <h2>Audit trail</h2>
      <AuditTrail kind="service" entityKey={id} version={saved} />
    </article>
  );
}

function ServiceDetails({
  service,
  partyName,
}: {
  service: ServiceItem;
  partyName(id: string): string;
}) {
  return (
    <dl className="details">
      <dt>Id</dt>
      <dd>
        <code>{service.id}</code>
      </dd>
      {service.description ? (
        <>
          <dt>Description</dt>
          <dd>{service.description}</dd>
        </>
      ) : null}
      <dt>Provider</dt>
      <dd>
        {service.provider ? (
          <Link to={`/parties/${encodeURIComponent(service.provider)}`}>
            {partyName(service.provider)}
          </Link>
        ) : (
          'none'
        )}
      </dd>
      <dt>Label</dt>
      <dd>{service.label}</dd>
      <dt>Lifecycle</dt>
      <dd>{service.lifecycle ?? 'live'}</dd>
      {service.criticality ? (
        <>
          <dt>Criticality</dt>
          <dd>{service.criticality}</dd>
        </>
      ) : null}
      {service.slo !== undefined ? (
        <>
          <dt>SLO</dt>
          <dd>{service.slo} %</dd>
        </>
      ) : null}
      {service.costPerHour !== undefined ? (
        <>
          <dt>Cost per hour down</dt>
          <dd>{service.costPerHour.toLocaleString()}</dd>
        </>
      ) : null}
      <dt>Rule</dt>
      <dd>
        <code>
          {typeof service.rule === 'string' ? service.rule : JSON.stringify(service.rule)}
        </code>
      </dd>
      {service.tags.length > 0 ? (
        <>
          <dt>Tags</dt>
          <dd className="tags">
            {service.tags.map((t) => (
              <span className="tag" key={t}>
                {t}
              </span>
            ))}
          </dd>
        </>
      ) : null}
      {service.links.length > 0 ? (
        <>
          <dt>Links</dt>
          <dd>
            {service.links.map((l) => (
              <div key={l.url}>
                <a href={l.url} rel="noopener noreferrer" target="_blank">
                  {l.title ?? l.url}
                </a>
              </div>
            ))}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
