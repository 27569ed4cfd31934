// Pages during a database outage (issue #16): a console of its own on an embedded engine in a process
// of its own, which the test kills, as a crash would. While it is down every page answers 503 with
// Retry-After and shows that the database is not answering (the Health page renders itself, with its
// pool card red), never 500; once the engine is back, the page that was open loads by itself.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

// Beside the suite's own console (E2E_PORT), in the same range.
const WEB_PORT = Number(process.env.E2E_PORT ?? 3100) + 7;
const DB_PORT = Number(process.env.E2E_PORT ?? 3100) + 8;

/** The embedded engine in a process of its own, as `npm start` runs it, so it can really die. */
function startEngine(dataDir: string): Promise<ChildProcess> {
  const child = fork('scripts/engine.ts', [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, RECALL_PGDATA: dataDir, RECALL_DB_PORT: String(DB_PORT), RECALL_DB_MAX_CONNECTIONS: '32' },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string }) => (m.type === 'ready' ? resolve(child) : reject(new Error(JSON.stringify(m)))));
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
  });
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

// Pages of every kind: lists, a detail page, a search, admin-only settings, one that redirects
// (/settings), and the Health page, which is made for outages.
const PAGES = ['/', '/namespaces', '/search?q=pool', '/collections', `/collections/${encodeURIComponent('public.memory_entries.embedding')}`,
  '/agents', '/templates', '/settings', '/settings/users', '/settings/audit', '/import', '/api-reference'];

test.describe('pages while the database is down', () => {
  let engine: ChildProcess | null = null;
  let consoleProcess: ChildProcess | null = null;
  // Made in beforeAll: Playwright also loads this file to list the tests, and a directory made at
  // load time there would be left behind.
  let dir = '';
  let pgdata = '';
  const base = `http://localhost:${WEB_PORT}`;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-e2e-outage-'));
    pgdata = path.join(dir, 'pgdata');
    engine = await startEngine(pgdata);
    consoleProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env, PORT: String(WEB_PORT), DATABASE_URL: `postgres://postgres@127.0.0.1:${DB_PORT}/postgres`, RECALL_DATA_DIR: path.join(dir, 'console'),
        RECALL_ADMIN_EMAIL: E2E_ADMIN.email, RECALL_ADMIN_PASSWORD: E2E_ADMIN.password, PROJECT_POOL_MAX: '4', DB_CONNECT_TIMEOUT_MS: '2000',
      },
      stdio: 'ignore',
    });
    const until = Date.now() + 150_000;
    while (Date.now() < until) {
      if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the console did not start');
  });

  test.afterAll(async () => {
    consoleProcess?.kill('SIGTERM');
    engine?.kill('SIGKILL');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('answer 503 with Retry-After and the outage state, never 500, and come back by themselves', async ({ page }) => {
    test.setTimeout(90_000);
    await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password, base);
    for (const p of PAGES) expect((await page.goto(`${base}${p}`))!.status(), p).toBe(200);

    await killed(engine!);
    engine = null;

    for (const p of PAGES) {
      const res = (await page.goto(`${base}${p}`))!;
      expect(res.status(), p).toBe(503);
      expect(res.headers()['retry-after'], p).toBe('5');
      await expect(page.getByTestId('database-down'), p).toContainText('The database is not answering');
    }
    const health = (await page.goto(`${base}/health`))!;
    expect(health.status()).toBe(503);
    expect(health.headers()['retry-after']).toBe('5');
    await expect(page.getByTestId('pool-card-project')).toHaveAttribute('data-status', 'down');

    // A link followed inside the console (a client-side navigation, which fetches the page's RSC
    // payload) lands on the outage page too.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Namespaces', exact: true }).click();
    await expect(page.getByTestId('database-down')).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/namespaces');

    // An outage page left open returns to its page once the database answers.
    engine = await startEngine(pgdata);
    await expect(page.getByRole('heading', { name: 'Namespaces', exact: true })).toBeVisible({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/namespaces');
    await expect(page.getByTestId('database-down')).toHaveCount(0);
  });
});
