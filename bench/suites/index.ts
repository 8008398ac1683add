import type { Suite } from '../suite.js';
import { apiSuite } from './api.js';
import { availabilitySuite } from './availability.js';
import { clusterSuite } from './cluster.js';
import { engineSuite } from './engine.js';
import { historySuite } from './history.js';
import { ingestSuite } from './ingest.js';
import { storeSuite } from './store.js';

/** Every suite, in the order `npm run bench` with no names runs them. */
export const SUITES: readonly Suite[] = [
  engineSuite,
  apiSuite,
  ingestSuite,
  storeSuite,
  historySuite,
  availabilitySuite,
  clusterSuite,
];
