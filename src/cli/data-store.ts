import { resolve } from 'node:path';

export { DATABASE_FILE, openDataStore } from '../store/open-store.js';

/** The data folder from `--data`, else SERVICECHAIN_DATA, else ./data. */
export function dataDirFrom(option: string | undefined): string {
  return resolve(option ?? process.env.SERVICECHAIN_DATA ?? './data');
}
