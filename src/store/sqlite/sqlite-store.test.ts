import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runStoreContract } from '../store-contract.js';
import { openSqliteStore } from './sqlite-store.js';

const folder = mkdtempSync(join(tmpdir(), 'servicechain-store-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

runStoreContract('sqlite in memory', () => openSqliteStore({ file: ':memory:' }));
runStoreContract('sqlite file', () =>
  openSqliteStore({ file: join(folder, `nested-${++files}`, 'servicechain.db') }),
);
