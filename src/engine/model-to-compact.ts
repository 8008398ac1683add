import type { Model } from '../model/entities.js';
import { InputError, type Problem } from '../model/errors.js';
import type { EdgeImpact } from '../model/impact.js';
import type { NodeRule } from '../model/rule.js';
import type { CompactModel } from './compact-model.js';

/**
 * The columnar form of an object model, in the model's own order. Throws InputError listing
 * every dependency or subscription that names a service or party that does not exist, and every
 * id that appears twice (the validator reports these first; the engine cannot go on with them).
 */
export function modelToCompact(model: Model): CompactModel {
  const problems: Problem[] = [];
  const serviceIndex = indexOf(model.services, 'services', problems);
  const partyIndex = indexOf(model.parties, 'parties', problems);
  const serviceProvider = new Int32Array(model.services.length).fill(-1);
  const serviceCost = new Float64Array(model.services.length);
  const serviceRules = new Map<number, NodeRule>();
  model.services.forEach((service, i) => {
    if (service.provider !== undefined) {
      const party = partyIndex.get(service.provider);
      if (party === undefined) {
        problems.push({
          path: `services[${i}].provider`,
          message: `service '${service.id}': no party '${service.provider}'`,
        });
      } else serviceProvider[i] = party;
    }
    serviceCost[i] = service.costPerHour ?? 0;
    if (service.rule.kind !== 'worst') serviceRules.set(i, service.rule);
  });
  const edgeFrom = new Int32Array(model.dependencies.length);
  const edgeTo = new Int32Array(model.dependencies.length);
  const edgeImpacts = new Map<number, EdgeImpact>();
  const edgeWeights = new Map<number, number>();
  model.dependencies.forEach((dependency, e) => {
    edgeFrom[e] = lookUp(serviceIndex, dependency.from, `dependencies[${e}].from`, problems);
    edgeTo[e] = lookUp(serviceIndex, dependency.to, `dependencies[${e}].to`, problems);
    if (dependency.impact.kind !== 'as-is') edgeImpacts.set(e, dependency.impact);
    if (dependency.weight !== 1) edgeWeights.set(e, dependency.weight);
  });
  const subscriptionParty = new Int32Array(model.subscriptions.length);
  const subscriptionService = new Int32Array(model.subscriptions.length);
  model.subscriptions.forEach((subscription, s) => {
    subscriptionParty[s] = lookUp(
      partyIndex,
      subscription.party,
      `subscriptions[${s}].party`,
      problems,
    );
    subscriptionService[s] = lookUp(
      serviceIndex,
      subscription.service,
      `subscriptions[${s}].service`,
      problems,
    );
  });
  if (problems.length > 0) {
    const first = problems[0] as Problem;
    throw new InputError(`${first.path}: ${first.message}`, problems);
  }
  return {
    serviceIds: model.services.map((s) => s.id),
    serviceProvider,
    serviceCost,
    serviceRules,
    edgeFrom,
    edgeTo,
    edgeImpacts,
    edgeWeights,
    partyIds: model.parties.map((p) => p.id),
    partyKinds: model.parties.map((p) => p.kind),
    subscriptionParty,
    subscriptionService,
  };
}

function indexOf(
  entities: readonly { id: string }[],
  where: string,
  problems: Problem[],
): Map<string, number> {
  const index = new Map<string, number>();
  entities.forEach((entity, i) => {
    if (index.has(entity.id))
      problems.push({ path: `${where}[${i}].id`, message: `id '${entity.id}' appears twice` });
    else index.set(entity.id, i);
  });
  return index;
}

function lookUp(
  index: ReadonlyMap<string, number>,
  id: string,
  path: string,
  problems: Problem[],
): number {
  const found = index.get(id);
  if (found !== undefined) return found;
  problems.push({
    path,
    message: `no such ${path.endsWith('party') ? 'party' : 'service'} '${id}'`,
  });
  return 0;
}
