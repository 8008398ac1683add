import type { EngineInput } from '../engine/types.js';
import type { AffectedService, IncidentSummary } from '../incidents/types.js';

/**
 * The engine's key of an incident's impact on a service: `incident/<id>`. It is told as a signal
 * input, so it joins the worst of the service's own inputs, and a transition it causes reads
 * `signal:incident/<id>`.
 */
export function incidentInputKey(id: number): string {
  return `${INCIDENT_SOURCE}/${id}`;
}

/** The signal source incidents speak as; receivers refuse it, so no signal can take their place. */
export const INCIDENT_SOURCE = 'incident';

interface Told {
  title: string;
  services: readonly AffectedService[];
}

/**
 * What the engine has been told of open incidents. `sync` takes every open incident as the store
 * holds it now and returns the inputs that bring the engine there: impacts set or changed,
 * services taken off an incident cleared, incidents resolved (gone from the list) cleared.
 */
export class IncidentInputs {
  private readonly told = new Map<number, Told>();

  get size(): number {
    return this.told.size;
  }

  sync(open: readonly Pick<IncidentSummary, 'id' | 'title' | 'services'>[]): EngineInput[] {
    const inputs: EngineInput[] = [];
    const current = new Set<number>();
    for (const incident of open) {
      current.add(incident.id);
      const key = incidentInputKey(incident.id);
      const before = this.told.get(incident.id);
      for (const gone of before?.services ?? [])
        if (!incident.services.some((s) => s.service === gone.service))
          inputs.push({ type: 'signal', service: gone.service, key, level: null });
      for (const affected of incident.services) {
        const was = before?.services.find((s) => s.service === affected.service);
        if (was?.impact !== affected.impact || before?.title !== incident.title)
          inputs.push(impactInput(key, affected, incident.title));
      }
      this.told.set(incident.id, { title: incident.title, services: incident.services });
    }
    for (const [id, before] of this.told) {
      if (current.has(id)) continue;
      this.told.delete(id);
      const key = incidentInputKey(id);
      for (const gone of before.services)
        inputs.push({ type: 'signal', service: gone.service, key, level: null });
    }
    return inputs;
  }

  /** Every input that describes the open incidents: to tell a rebuilt engine everything again. */
  all(): EngineInput[] {
    const inputs: EngineInput[] = [];
    for (const [id, told] of this.told)
      for (const affected of told.services)
        inputs.push(impactInput(incidentInputKey(id), affected, told.title));
    return inputs;
  }
}

function impactInput(key: string, affected: AffectedService, title: string): EngineInput {
  return { type: 'signal', service: affected.service, key, level: affected.impact, summary: title };
}
