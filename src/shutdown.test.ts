import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseReader } from './api/stream/sse-reader.test-helper.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');
const child = fileURLToPath(new URL('./shutdown-child.mjs', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'servicechain-shutdown-'));

/** Children cannot run TypeScript: compile the package (errors elsewhere still emit). */
beforeAll(async () => {
  const output = await new Promise<string>((resolve) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root }, (_error, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
  for (const path of ['src/main.js', 'src/shutdown.js'])
    if (!existsSync(join(dist, path))) throw new Error(`tsc did not emit ${path}:\n${output}`);
}, 180_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function start(): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const proc = spawn(process.execPath, [child, dist, join(folder, 'data')]);
  let stdout = '';
  let stderr = '';
  proc.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    proc.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening (\S+)\n/.exec(stdout);
      if (match) resolve({ proc, url: match[1] as string, output: () => `${stdout}${stderr}` });
    });
    proc.on('exit', (code) => reject(new Error(`child exited ${code}: ${stdout}${stderr}`)));
  });
}

/** A POST whose body is sent in two halves, so it is under way while the test does other things. */
function slowPost(url: string, body: string) {
  let finish = () => {};
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    finish = () => req.end(body.slice(half));
  });
  return { response, finish: () => finish() };
}

function connects(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/healthz`, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

const exited = (proc: ChildProcess) =>
  new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

describe('SIGTERM', () => {
  it('refuses new connections, ends streams with a last event, finishes requests under way, closes the store', async () => {
    const { proc, url, output } = await start();
    const exit = exited(proc);
    const stream = await SseReader.open(`${url}/api/v1/stream`);
    await stream.until(() => stream.named('ready').length === 1);
    const post = slowPost(`${url}/api/v1/what-if`, JSON.stringify({ down: ['sap-erp'] }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    proc.kill('SIGTERM');
    await stream.until(() => stream.ended, 5000);
    expect(stream.named().at(-1)).toEqual({ event: 'shutdown', data: { reconnect: true } });
    expect(await connects(url)).toBe(false);
    expect(proc.exitCode).toBe(null);
    post.finish();
    const answer = await post.response;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).changes.length).toBeGreaterThan(1);
    const answered = Date.now();
    expect(await exit).toBe(0);
    // Well before the 5 s timeout: nothing had to be cut.
    expect(Date.now() - answered).toBeLessThan(2000);
    expect(output()).toMatch(/SIGTERM: shutting down \(finishing requests under way\) …\n/);
    expect(output()).toContain('stopped\n');
    // A clean close checkpoints SQLite's write-ahead log and removes it.
    expect(existsSync(join(folder, 'data', 'servicechain.db-wal'))).toBe(false);
  }, 30_000);
});
