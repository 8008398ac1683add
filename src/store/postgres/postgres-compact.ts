import pg from 'pg';
import type { CompactModel } from '../../engine/compact-model.js';
import { CompactModelBuilder } from '../compact-builder.js';

/**
 * Reads the compact model in one REPEATABLE READ transaction (one snapshot for the counts and
 * every table), each table by one statement whose rows are handed to the builder as they are
 * parsed off the socket, as arrays: nothing holds a table's rows at once, and there is one
 * round trip a table rather than one a page.
 */
export async function loadPostgresCompactModel(pool: pg.Pool): Promise<CompactModel> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{
      parties: number;
      services: number;
      edges: number;
      subscriptions: number;
    }>(`select (select count(*) from parties) as parties, (select count(*) from services) as services,
        (select count(*) from dependencies) as edges,
        (select count(*) from subscriptions) as subscriptions`);
    const builder = new CompactModelBuilder(rows[0] as NonNullable<(typeof rows)[0]>);
    await eachRow(client, 'select id, kind from parties order by id', (row) => {
      builder.party(row[0] as string, row[1] as string);
    });
    await eachRow(
      client,
      'select id, provider, cost_per_hour, rule from services order by id',
      (row) => {
        builder.service(
          row[0] as string,
          row[1] as string | null,
          row[2] as number | null,
          row[3] as string | null,
        );
      },
    );
    await eachRow(
      client,
      'select from_id, to_id, impact, weight from dependencies order by from_id, to_id',
      (row) => {
        builder.edge(row[0] as string, row[1] as string, row[2] as string | null, row[3] as number);
      },
    );
    await eachRow(
      client,
      'select party_id, service_id from subscriptions order by party_id, service_id',
      (row) => {
        builder.subscription(row[0] as string, row[1] as string);
      },
    );
    await client.query('commit');
    return builder.build();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A connection left mid-statement or mid-transaction is not given back to the pool.
    client.release(failed ? true : undefined);
  }
}

/** Runs `text`, calling `visit` with each row (an array) as it arrives, keeping none. */
function eachRow(client: pg.PoolClient, text: string, visit: (row: unknown[]) => void) {
  return new Promise<void>((resolve, reject) => {
    let visitError: unknown;
    const query = new pg.Query({ text, rowMode: 'array' } as pg.QueryConfig);
    // With a 'row' listener and no callback, pg does not gather the rows into a result.
    query.on('row', (row: unknown[]) => {
      if (visitError !== undefined) return;
      try {
        visit(row);
      } catch (error) {
        visitError = error;
      }
    });
    query.on('error', reject);
    query.on('end', () => (visitError === undefined ? resolve() : reject(visitError)));
    client.query(query);
  });
}
