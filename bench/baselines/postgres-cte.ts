import pg from 'pg';
import type { CompactModel } from '../../src/engine/compact-model.js';

const BATCH = 200_000;

/**
 * Upstream closure by a recursive common table expression in PostgreSQL, over the edges loaded
 * into a schema of its own (integer service numbers, an index on the supporter): the way a
 * database-centred tool would answer "what depends on this". `close()` drops the schema.
 */
export class PostgresClosure {
  private constructor(
    private readonly client: pg.Client,
    private readonly schema: string,
    /** Milliseconds spent loading the edges and building the index. */
    readonly loadMs: number,
  ) {}

  /** Connects, creates a fresh schema and loads every edge in batches of array parameters. */
  static async load(
    url: string,
    model: CompactModel,
    onProgress?: (fraction: number) => void,
  ): Promise<PostgresClosure> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
    const started = performance.now();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      await client.query(
        'CREATE UNLOGGED TABLE edge (from_id integer NOT NULL, to_id integer NOT NULL)',
      );
      const total = model.edgeFrom.length;
      for (let start = 0; start < total; start += BATCH) {
        const end = Math.min(total, start + BATCH);
        await client.query('INSERT INTO edge SELECT * FROM unnest($1::integer[], $2::integer[])', [
          Array.from(model.edgeFrom.subarray(start, end)),
          Array.from(model.edgeTo.subarray(start, end)),
        ]);
        onProgress?.(end / total);
      }
      await client.query('CREATE INDEX edge_to ON edge (to_id, from_id)');
      await client.query('ANALYZE edge');
      await client.query("SET statement_timeout = '300s'");
    } catch (error) {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await client.end();
      throw error;
    }
    return new PostgresClosure(client, schema, performance.now() - started);
  }

  /** How many services depend on `service` (a service index), transitively, itself excluded. */
  async upstream(service: number): Promise<number> {
    const result = await this.client.query<{ n: string }>(
      `WITH RECURSIVE up(id) AS (
         SELECT $1::integer
         UNION
         SELECT e.from_id FROM edge e JOIN up ON e.to_id = up.id
       )
       SELECT count(*) - 1 AS n FROM up`,
      [service],
    );
    return Number(result.rows[0]?.n);
  }

  async close(): Promise<void> {
    try {
      await this.client.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    } finally {
      await this.client.end();
    }
  }
}
