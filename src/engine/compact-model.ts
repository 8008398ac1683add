import type { PartyKind } from '../model/entities.js';
import type { EdgeImpact } from '../model/impact.js';
import type { NodeRule } from '../model/rule.js';

/**
 * The model in columns, as the engine builds from it. A million services with five million
 * dependencies do not fit comfortably as objects, so the store and the benchmark generator
 * stream into this form and `modelToCompact` converts a small object model.
 *
 * Services and parties are numbered by their index in `serviceIds` and `partyIds`. Sparse maps
 * hold what most entities leave at its default (`worst` rule, `as-is` impact, weight 1).
 */
export interface CompactModel {
  serviceIds: readonly string[];
  /** Party index of each service's provider, or -1. */
  serviceProvider: Int32Array;
  /** costPerHour of each service (0 when not set). */
  serviceCost: Float64Array;
  /** Rules of the services whose rule is not `worst`, by service index. */
  serviceRules: ReadonlyMap<number, NodeRule>;
  /** Edge e goes from consumer `edgeFrom[e]` to supporter `edgeTo[e]`. */
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  /** Impacts of the edges that are not `as-is`, by edge index. */
  edgeImpacts: ReadonlyMap<number, EdgeImpact>;
  /** Weights of the edges whose weight is not 1, by edge index. */
  edgeWeights: ReadonlyMap<number, number>;
  partyIds: readonly string[];
  partyKinds: readonly PartyKind[];
  /** Subscription s: party `subscriptionParty[s]` consumes service `subscriptionService[s]`. */
  subscriptionParty: Int32Array;
  subscriptionService: Int32Array;
}
