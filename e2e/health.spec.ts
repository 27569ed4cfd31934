import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

test('after a burst of searches the latency chart has points for collection.search', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  for (const q of ['rotate keys', 'dark mode', 'connection pool', 'retry with backoff', 'weekly summary']) {
    const res = await page.request.post('/api/v1/memories/search', { data: { text: q, limit: 5, min_similarity: 0 } });
    expect(res.status()).toBe(200);
  }
  await page.goto('/health');
  await expect(page.getByTestId('pool-card-project')).toHaveAttribute('data-status', 'healthy');
  await expect(page.getByTestId('latency-operation')).toHaveAttribute('data-operation', 'collection.search');
  const chart = page.getByTestId('latency-chart');
  await expect(chart).not.toHaveAttribute('data-points', '0');
  await expect(chart.locator('.recharts-line')).toHaveCount(3);
  await expect(chart.locator('.recharts-line-curve, .recharts-line-dot').first()).toBeAttached();
  await expect(page.getByTestId('latency-operation')).toContainText(/collection\.search: \d+ calls/);
  await expect(page.getByTestId('qps-chart')).not.toHaveAttribute('data-points', '0');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The embedded engine in a process of its own, as `npm start` runs it, so it can really die. */
function startEngine(dataDir: string, port: number): Promise<ChildProcess> {
  const child = fork('scripts/engine.ts', [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, RECALL_PGDATA: dataDir, RECALL_DB_PORT: String(port), RECALL_DB_MAX_CONNECTIONS: '32' },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string }) => (m.type === 'ready' ? resolve(child) : reject(new Error(JSON.stringify(m)))));
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
  });
}

test.describe('a database that stops under a running console', () => {
  let engine: ChildProcess | null = null;
  let consoleProcess: ChildProcess | null = null;
  // Made in beforeAll and removed in afterAll: the spec file is also loaded when this block does not run.
  let dir = '';
  let dbPort = 0;
  let webPort = 0;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-e2e-down-'));
    dbPort = await freePort();
    webPort = await freePort();
    engine = await startEngine(path.join(dir, 'pgdata'), dbPort);
    consoleProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env, PORT: String(webPort), DATABASE_URL: `postgres://postgres@127.0.0.1:${dbPort}/postgres`, RECALL_DATA_DIR: path.join(dir, 'console'),
        RECALL_ADMIN_EMAIL: E2E_ADMIN.email, RECALL_ADMIN_PASSWORD: E2E_ADMIN.password, PROJECT_POOL_MAX: '4',
      },
      stdio: 'ignore',
    });
    const until = Date.now() + 150_000;
    while (Date.now() < until) {
      if (await fetch(`http://localhost:${webPort}/api/health`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the console did not start');
  });

  test.afterAll(async () => {
    const exited = (p: ChildProcess | null) => (p && p.exitCode === null && p.signalCode === null ? new Promise((r) => p.once('exit', r)) : null);
    const stopped = [exited(consoleProcess), exited(engine)];
    consoleProcess?.kill('SIGTERM');
    engine?.kill('SIGKILL');
    await Promise.all(stopped);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('turns the card red, keeps the page working, and recovers without a reload', async ({ page }) => {
    test.setTimeout(120_000);
    const base = `http://localhost:${webPort}`;
    await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password, base);
    await page.goto(`${base}/health`);
    const card = page.getByTestId('pool-card-project');
    await expect(card).toHaveAttribute('data-status', 'healthy');

    // The database process dies, as a crashed server would.
    engine!.kill('SIGKILL');
    engine = null;
    await expect(card).toHaveAttribute('data-status', 'down', { timeout: 20_000 });
    await expect(card.getByTestId('pool-error')).toBeVisible();
    const health = await page.request.get(`${base}/api/health`);
    expect(health.status()).toBe(503);

    engine = await startEngine(path.join(dir, 'pgdata'), dbPort);
    await expect(card).toHaveAttribute('data-status', 'healthy', { timeout: 30_000 });
    expect((await page.request.get(`${base}/api/health`)).status()).toBe(200);
  });
});
