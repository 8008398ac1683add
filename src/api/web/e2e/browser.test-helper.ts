import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { openDataStore } from '../../../cli/data-store.js';
import { type RunningServer, startServer } from '../../../main.js';
import type { Party, Service } from '../../../model/entities.js';
import { AS_IS } from '../../../model/impact.js';
import { packageRoot } from '../../../package-root.js';
import type { ModelChange } from '../../../store/store.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ADMIN_PASSWORD = 'e2e admin password';
const ROOT = packageRoot();
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a note, except in CI
 * (CI=true), where a missing browser is a failure: CI installs it (.ci/run).
 */
export function browserAvailable(path = CHROMIUM, env = process.env): boolean {
  if (existsSync(path)) return true;
  if (env.CI === 'true')
    throw new Error(
      `${path} is missing: install the chromium package (apt-get install -y chromium)`,
    );
  console.warn(`skipping the browser tests: ${path} is missing (apt-get install -y chromium)`);
  return false;
}

function newest(folder: string): number {
  let time = 0;
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const stat = statSync(path);
    time = Math.max(time, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return time;
}

/**
 * Builds the web UI into dist/web unless the build is newer than every source file. Test files
 * run in parallel, so the build holds a lock folder; the others wait for it.
 */
export function ensureWebBuild(): void {
  const index = join(ROOT, 'dist', 'web', 'index.html');
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= newest(join(ROOT, 'web'));
  if (fresh()) return;
  const lock = join(ROOT, 'dist', '.web-build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held for two minutes: remove it`);
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (!fresh())
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          join(ROOT, 'web', 'vite.config.ts'),
          '--logLevel',
          'warn',
        ],
        { cwd: ROOT, stdio: 'inherit' },
      );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface E2eServer {
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/** The real server on port 0 over a fresh data folder: the demo model, or `changes` instead. */
export async function startE2eServer(changes?: ModelChange[]): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sc-e2e-'));
  if (changes) {
    const store = await openDataStore(dataDir);
    await store.applyChanges(changes, { id: 'test' });
    await store.close();
  }
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    demo: changes === undefined,
    adminPassword: ADMIN_PASSWORD,
  });
  return {
    server,
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Chromium with a fresh profile; every console error and page error is collected. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'sc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the app's own sign-in page. */
export async function signIn(page: Page, url: string, path = '/ui/'): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.getByLabel('Name').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /^Account: / }).waitFor();
}

/** Saves a full-page screenshot as test-results/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const LABELS = [
  ['business', 100],
  ['process', 400],
  ['application', 1500],
  ['it-service', 1000],
  ['infrastructure', 7000],
] as const;

/**
 * A layered model of 10,000 services: each depends on two of the layer below, and every IT
 * service on one core network (`infrastructure-0`), whose consumers make a map of 2,000 nodes.
 */
export function generatedModel(): ModelChange[] {
  const parties: Party[] = [];
  for (let i = 0; i < 20; i++)
    parties.push({
      id: `team-${i}`,
      name: `Team ${i}`,
      kind: 'team',
      labels: {},
      tags: [],
      links: [],
      contacts: [],
    });
  for (let i = 0; i < 10; i++)
    parties.push({
      id: `customer-${i}`,
      name: `Customer ${i}`,
      kind: 'external',
      labels: {},
      tags: [],
      links: [],
      contacts: [],
    });
  const changes: ModelChange[] = parties.map((p) => ({
    op: 'create',
    kind: 'party',
    key: p.id,
    after: p,
  }));
  const layers = LABELS.map(([label, count]) =>
    Array.from({ length: count }, (_, i) => `${label}-${i}`),
  );
  layers.forEach((ids, layer) => {
    const label = LABELS[layer]?.[0] as string;
    for (const [i, id] of ids.entries()) {
      const service: Service = {
        id,
        name: `${label} service ${i}`,
        label,
        provider: `team-${i % 20}`,
        lifecycle: 'live',
        rule: { kind: 'worst' },
        signals: [],
        labels: {},
        tags: i % 7 === 0 ? ['core'] : [],
        links: [],
        costPerHour: layer === 0 ? 1000 : undefined,
      };
      changes.push({ op: 'create', kind: 'service', key: id, after: service });
      const below = layers[layer + 1];
      if (!below) continue;
      // Two of the layer below, and for IT services the core network everything rests on.
      const targets = [below[(i * 2) % below.length], below[(i * 2 + 1) % below.length]];
      if (label === 'it-service') targets.push('infrastructure-0');
      for (const to of new Set(targets))
        changes.push({
          op: 'create',
          kind: 'dependency',
          key: `${id}->${to}`,
          after: { from: id, to: to as string, impact: AS_IS, weight: 1 },
        });
    }
  });
  for (let c = 0; c < 10; c++)
    for (let k = 0; k < 10; k++) {
      const service = `business-${c * 10 + k}`;
      changes.push({
        op: 'create',
        kind: 'subscription',
        key: `customer-${c}->${service}`,
        after: { party: `customer-${c}`, service },
      });
    }
  return changes;
}
