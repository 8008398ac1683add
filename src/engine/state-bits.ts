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

/** A state byte as the API shows it. */
export function stateOfByte(byte: number): ServiceState {
  return {
    level: levelAt(byte & LEVEL_MASK),
    maintenance: (byte & MAINTENANCE_BIT) !== 0,
    acknowledged: (byte & ACKNOWLEDGED_BIT) !== 0,
  };
}
