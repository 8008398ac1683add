import { LIMITS } from '../../../../src/api/schemas/limits.js';
import { PARTY_KINDS } from '../../../../src/model/entities.js';
import { api } from '../../api/client.js';
import { useChain } from '../../api/use-chain.js';
import { bodyOf, ServiceForm } from '../../components/service-form.js';
import { Link } from '../../router.js';
import { numberOrText, SimpleForm } from './simple-form.js';

function compact(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}

/** Create forms for the four kinds of entity, each posting to its API resource. */
export function EntityForms() {
  const chain = useChain();
  const reload = () => void chain.data.reload();
  const serviceOptions: [string, string][] = chain.services
    .slice(0, 5000)
    .map((s) => [s.id, `${s.name} (${s.id})`]);
  const partyOptions: [string, string][] = chain.parties.map((p) => [p.id, `${p.name} (${p.id})`]);
  return (
    <div className="cards">
      <section className="card" aria-labelledby="new-service-title">
        <h3 id="new-service-title">New service</h3>
        <ServiceForm
          parties={chain.parties}
          creating
          onSubmit={async (fields) => {
            const result = await api('/services', { method: 'POST', body: bodyOf(fields, false) });
            if (result.ok) reload();
            return result;
          }}
        />
      </section>
      <SimpleForm
        id="new-party"
        title="New party"
        submitText="Create party"
        fields={[
          { name: 'id', label: 'Id', required: true, maxLength: LIMITS.idMaxLength },
          { name: 'name', label: 'Name', maxLength: LIMITS.nameMaxLength },
          { name: 'kind', label: 'Kind', options: PARTY_KINDS.map((k) => [k, k]) },
          { name: 'parent', label: 'Part of', options: [['', 'No parent'], ...partyOptions] },
        ]}
        onSubmit={async (v) => {
          const result = await api('/parties', {
            method: 'POST',
            body: compact({ id: v.id, name: v.name, kind: v.kind, parent: v.parent }),
          });
          if (result.ok) reload();
          return result;
        }}
        done={(v) => (
          <>
            Created <Link to={`/parties/${encodeURIComponent(v.id ?? '')}`}>{v.name || v.id}</Link>.
          </>
        )}
      />
      <SimpleForm
        id="new-dependency"
        title="New dependency"
        submitText="Add dependency"
        fields={[
          { name: 'from', label: 'Service', hint: '(the consumer)', options: serviceOptions },
          { name: 'to', label: 'Depends on', options: serviceOptions },
          {
            name: 'impact',
            label: 'Impact',
            hint: 'as-is, cap:degraded, shift:-1, fixed:LEVEL, ignore',
            maxLength: 40,
          },
          { name: 'weight', label: 'Weight', inputMode: 'decimal' },
        ]}
        onSubmit={async (v) => {
          const result = await api('/dependencies', {
            method: 'POST',
            body: compact({
              from: v.from,
              to: v.to,
              impact: v.impact,
              weight: numberOrText(v.weight ?? ''),
            }),
          });
          if (result.ok) reload();
          return result;
        }}
        done={(v) => `Added: ${v.from} depends on ${v.to}.`}
      />
      <SimpleForm
        id="new-subscription"
        title="New subscription"
        submitText="Subscribe"
        fields={[
          { name: 'party', label: 'Party', options: partyOptions },
          { name: 'service', label: 'Consumes', options: serviceOptions },
          { name: 'slo', label: 'Promised availability (percent)', inputMode: 'decimal' },
        ]}
        onSubmit={async (v) => {
          const result = await api('/subscriptions', {
            method: 'POST',
            body: compact({ party: v.party, service: v.service, slo: numberOrText(v.slo ?? '') }),
          });
          if (result.ok) reload();
          return result;
        }}
        done={(v) => `Added: ${v.party} consumes ${v.service}.`}
      />
    </div>
  );
}
