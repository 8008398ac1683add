import { levelAt } from '../model/levels.js';
import type { ServiceState } from './types.js';

/**
 * A service's own byte (from its inputs) and its state byte (derived) share one layout: the
 * level's rank (see `levelRank`) in the low three bits, then two flags.
 */
export const LEVEL_MASK = 7;
/** Own byte: a maintenance window of its own is active. State byte: in maintenance. */
export const MAINTENANCE_BIT = 8;
/** Own byte: acknowledged itself. State byte: counts as acknowledged. */
export const ACKNOWLEDGED_BIT = 16;
/**
 * Own byte only, set once from the model: the service needs the general evaluation (its rule
 * is not `worst`, or an edge is not `as-is`). Kept here so a visit reads one byte, not two.
 */
export const GENERIC_BIT = 32;
/** Own byte only, set once from the model: the rule is not `worst` (so GENERIC_BIT is set too). */
export const RULE_BIT = 64;
/** The own-byte bits that come from the model, not from inputs. */
export const MODEL_BITS = GENERIC_BIT | RULE_BIT;

/** Every state there can be, built once: transitions share them (they are frozen). */
const STATES: readonly ServiceState[] = Array.from({ length: 32 }, (_, byte) =>
  Object.freeze({
    level: levelAt(Math.min(byte & LEVEL_MASK, 4)),
    maintenance: (byte & MAINTENANCE_BIT) !== 0,
    acknowledged: (byte & ACKNOWLEDGED_BIT) !== 0,
  }),
);

/** A state byte as the API shows it: a shared, frozen object. */
export function stateOfByte(byte: number): ServiceState {
  return STATES[byte & 31] as ServiceState;
}
