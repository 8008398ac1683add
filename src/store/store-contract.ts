import { describe } from 'vitest';
import { accountContract } from './contract/accounts.js';
import { acknowledgementContract } from './contract/acknowledgements.js';
import { auditContract } from './contract/audit.js';
import { compactContract } from './contract/compact.js';
import { conflictContract } from './contract/conflicts.js';
import type { OpenStore } from './contract/helpers.js';
import { historyContract } from './contract/history.js';
import { incidentContract } from './contract/incidents.js';
import { maintenanceContract } from './contract/maintenance.js';
import { notifyContract } from './contract/notify.js';
import { readContract } from './contract/reads.js';
import { signalContract } from './contract/signals.js';
import { statusPageContract } from './contract/status-pages.js';
import { writeContract } from './contract/writes.js';
import type { Store } from './store.js';

/**
 * The behaviour every Store must have, as one vitest suite. `open` gives a fresh, empty store
 * each time (not yet migrated); the suite migrates it and closes it after each test. Run it from
 * each implementation's test file: `runStoreContract('sqlite in memory', () => openSqliteStore(…))`.
 */
export function runStoreContract(name: string, open: () => Promise<Store>): void {
  const opener: OpenStore = open;
  describe(`Store contract: ${name}`, () => {
    readContract(opener);
    writeContract(opener);
    conflictContract(opener);
    auditContract(opener);
    compactContract(opener);
    accountContract(opener);
    signalContract(opener);
    acknowledgementContract(opener);
    incidentContract(opener);
    notifyContract(opener);
    maintenanceContract(opener);
    historyContract(opener);
    statusPageContract(opener);
  });
}
