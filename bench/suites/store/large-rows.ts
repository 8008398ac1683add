import type BetterSqlite3 from 'better-sqlite3';
import type { CompactModel } from '../../../src/engine/compact-model.js';
import { TABLES, type TableSpec } from '../../../src/store/tables.js';
import {
  buildDependency,
  buildParty,
  buildService,
  buildSubscription,
} from '../../../src/store/test-model.js';
import type { GeneratedModel } from '../../generate.js';
import { prepareInsert } from './raw-ops.js';

/** Ranks by id order fit below 2^22 (four million services), so a pair of ranks fits a double. */
const PAIR = 2 ** 22;

/** Indices 0..n-1 sorted by their ids, bytewise (as the store orders them). */
function idOrder(ids: readonly string[]): Int32Array {
  const order = Int32Array.from(ids.keys());
  return order.sort((a, b) => {
    const x = ids[a] as string;
    const y = ids[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Pairs (a, b) sorted by a's then b's rank in id order; ranks are packed in one double. */
function pairOrder(first: Int32Array, second: Int32Array, rank: Int32Array): Float64Array {
  const keys = new Float64Array(first.length);
  for (let i = 0; i < first.length; i++)
    keys[i] = (rank[first[i] as number] as number) * PAIR + (rank[second[i] as number] as number);
  return keys.sort();
}

function rankOf(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) rank[order[r] as number] = r;
  return rank;
}

/** One table's rows as the store writes them (its mappers), version 1 at `at`, in key order. */
interface TableRows {
  spec: TableSpec<unknown>;
  count: number;
  entities(): Iterable<unknown>;
}

function tablesOf(generated: GeneratedModel): TableRows[] {
  const c: CompactModel = generated.compact;
  if (c.serviceIds.length >= PAIR) throw new Error('too many services to sort in pairs');
  const parties = idOrder(c.partyIds);
  const partyRank = rankOf(parties);
  const services = idOrder(c.serviceIds);
  const serviceRank = rankOf(services);
  const edgeImpact = new Map<number, unknown>();
  for (const [e, impact] of c.edgeImpacts)
    edgeImpact.set(
      (serviceRank[c.edgeFrom[e] as number] as number) * PAIR +
        (serviceRank[c.edgeTo[e] as number] as number),
      impact,
    );
  const edges = pairOrder(c.edgeFrom, c.edgeTo, serviceRank);
  const subscriptions = new Float64Array(c.subscriptionParty.length);
  for (let s = 0; s < subscriptions.length; s++)
    subscriptions[s] =
      (partyRank[c.subscriptionParty[s] as number] as number) * PAIR +
      (serviceRank[c.subscriptionService[s] as number] as number);
  subscriptions.sort();
  const labels = generated.layers.map((l) => l.label);
  const serviceId = (rank: number) => c.serviceIds[services[rank] as number] as string;
  return [
    {
      spec: TABLES.party as TableSpec<unknown>,
      count: parties.length,
      *entities() {
        for (const p of parties)
          yield buildParty({ id: c.partyIds[p] as string, kind: c.partyKinds[p] });
      },
    },
    {
      spec: TABLES.service as TableSpec<unknown>,
      count: services.length,
      *entities() {
        for (const s of services) {
          const rule = c.serviceRules.get(s);
          const cost = c.serviceCost[s] as number;
          yield buildService({
            id: c.serviceIds[s] as string,
            label: labels[generated.serviceLayer[s] as number] as string,
            provider: c.partyIds[c.serviceProvider[s] as number] as string,
            ...(rule !== undefined && { rule }),
            ...(cost > 0 && { costPerHour: cost }),
          });
        }
      },
    },
    {
      spec: TABLES.dependency as TableSpec<unknown>,
      count: edges.length,
      *entities() {
        for (const key of edges) {
          const impact = edgeImpact.get(key) as never;
          yield buildDependency({
            from: serviceId(Math.floor(key / PAIR)),
            to: serviceId(key % PAIR),
            ...(impact !== undefined && { impact }),
          });
        }
      },
    },
    {
      spec: TABLES.subscription as TableSpec<unknown>,
      count: subscriptions.length,
      *entities() {
        for (const key of subscriptions)
          yield buildSubscription({
            party: c.partyIds[parties[Math.floor(key / PAIR)] as number] as string,
            service: serviceId(key % PAIR),
          });
      },
    },
  ];
}

/** Rows committed per transaction while writing the large model. */
const BATCH = 100_000;

/**
 * Writes the generated model into the store's tables with plain prepared INSERTs, in key order,
 * a transaction per batch: the setup of the large load, not a measurement. Returns rows written.
 */
export function writeGeneratedModel(
  db: BetterSqlite3.Database,
  generated: GeneratedModel,
  onProgress: (fraction: number) => void,
): number {
  const at = new Date().toISOString();
  const tables = tablesOf(generated);
  const total = tables.reduce((n, t) => n + t.count, 0);
  let written = 0;
  for (const table of tables) {
    const { spec } = table;
    const insert = prepareInsert(db, spec.table, [
      ...spec.columns,
      'version',
      'created_at',
      'updated_at',
    ]);
    const flush = db.transaction((rows: unknown[][]) => {
      for (const row of rows) written += insert.run(row).changes;
    });
    let batch: unknown[][] = [];
    for (const entity of table.entities()) {
      const row = spec.toRow(entity);
      batch.push([...spec.columns.map((column) => row[column]), 1, at, at]);
      if (batch.length === BATCH) {
        flush.immediate(batch);
        batch = [];
        onProgress(written / total);
      }
    }
    flush.immediate(batch);
  }
  onProgress(1);
  return written;
}
