import { buildEngine, type StatusEngine } from '../engine/index.js';
import type { EngineInput } from '../engine/types.js';
import type { Store } from '../store/store.js';
import { ActiveInputs } from './active-inputs.js';
import { maintenanceInputsAt } from './maintenance-scheduler.js';

/**
 * The engine inputs the store holds at `now`: its active signals, overrides, acknowledgements
 * and open incidents' impacts, with the ActiveInputs that produced them (to keep following them).
 */
export async function storedInputs(
  store: Store,
  now: number,
): Promise<{ active: ActiveInputs; inputs: EngineInput[] }> {
  const active = new ActiveInputs();
  const inputs: EngineInput[] = [];
  for (const signal of await store.listActiveSignals(now))
    inputs.push(...active.recorded(signal, { id: signal.id, outcome: 'new', head: true }, now));
  for (const record of await store.listActiveOverrides(now))
    inputs.push(...active.override(record));
  for (const record of await store.listActiveAcknowledgements(now))
    inputs.push(...active.acknowledgement(record));
  inputs.push(...active.incidents.sync(await store.listOpenIncidents()));
  return { active, inputs };
}

/**
 * An engine over the stored model told the stored signals, overrides, acknowledgements and open
 * incidents: what a server on the same data would show (for commands that read a data folder
 * directly).
 */
export async function engineWithStoredInputs(
  store: Store,
  now = Date.now(),
): Promise<StatusEngine> {
  const engine = buildEngine(await store.loadCompactModel());
  const known = new Set(engine.compact.serviceIds);
  const { inputs } = await storedInputs(store, now);
  inputs.push(...(await maintenanceInputsAt(store, now)));
  engine.replay(
    inputs.filter((input) => known.has(input.service)),
    now,
  );
  // A server clears the acknowledgement of a service that recovered while none ran (the desk's
  // sweep at start): the store may still hold it, and the engine does not follow it.
  const recovered: EngineInput[] = [];
  for (const input of inputs)
    if (
      input.type === 'acknowledge' &&
      known.has(input.service) &&
      engine.status(input.service).level === 'operational'
    )
      recovered.push({ type: 'acknowledge', service: input.service, acknowledged: false });
  if (recovered.length > 0) engine.apply(recovered, now);
  return engine;
}
