import { generateModel } from '../../bench/generate.js';
import { Accounts } from '../../src/accounts/accounts.js';
import { openDataStore } from '../../src/cli/data-store.js';
import type { CompactModel } from '../../src/engine/compact-model.js';
import type { Model } from '../../src/model/entities.js';
import {
  buildDependency,
  buildParty,
  buildService,
  createChanges,
} from '../../src/store/test-model.js';

/** The benchmark's seeded layered model at 1,000 services (scale 0.001), as objects. */
export function thousandServices(): { model: Model; compact: CompactModel } {
  const { compact } = generateModel({ scale: 0.001, seed: 11 });
  const model: Model = {
    parties: compact.partyIds.map((id, p) => buildParty({ id, kind: compact.partyKinds[p] })),
    services: compact.serviceIds.map((id, s) => {
      const provider = compact.serviceProvider[s] as number;
      const rule = compact.serviceRules.get(s);
      return buildService({
        id,
        ...(provider >= 0 && { provider: compact.partyIds[provider] }),
        ...(rule && { rule }),
      });
    }),
    dependencies: Array.from(compact.edgeFrom, (from, e) => {
      const impact = compact.edgeImpacts.get(e);
      return buildDependency({
        from: compact.serviceIds[from] as string,
        to: compact.serviceIds[compact.edgeTo[e] as number] as string,
        ...(impact && { impact }),
        weight: compact.edgeWeights.get(e) ?? 1,
      });
    }),
    subscriptions: [],
  };
  return { model, compact };
}

/**
 * Writes the model into a data folder and makes API tokens (each its own caller for the rate
 * limits) of an admin, as an operator would before starting the server.
 */
export async function prepareDataFolder(
  dataDir: string,
  model: Model,
  tokens: string[],
): Promise<Record<string, string>> {
  const store = await openDataStore(dataDir);
  try {
    await store.applyChanges(createChanges(model), { id: 'hardening' });
    const accounts = new Accounts(store);
    await accounts.createUser({ name: 'operator', role: 'admin' }, { id: 'hardening' });
    const secrets: Record<string, string> = {};
    for (const name of tokens) {
      const { secret } = await accounts.createToken(
        { user: 'operator', name, scopes: ['ingest', 'read'], expiresInDays: 1 },
        { id: 'hardening' },
      );
      secrets[name] = secret;
    }
    return secrets;
  } finally {
    await store.close();
  }
}

/** How many services depend on each service, directly or not. */
export function dependantCounts(compact: CompactModel): number[] {
  const n = compact.serviceIds.length;
  const consumers: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < compact.edgeFrom.length; e++)
    consumers[compact.edgeTo[e] as number]?.push(compact.edgeFrom[e] as number);
  return Array.from({ length: n }, (_, s) => {
    const seen = new Set<number>();
    const stack = [s];
    while (stack.length > 0)
      for (const c of consumers[stack.pop() as number] ?? [])
        if (!seen.has(c)) {
          seen.add(c);
          stack.push(c);
        }
    return seen.size;
  });
}
