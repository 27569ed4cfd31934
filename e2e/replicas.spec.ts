// The Health page with a real streaming replica (a primary and replica of our own, started here):
// the replica's pool card shows its replay lag and that it serves reads, the primary's
// pg_stat_replication lists it, and a stopped replica turns out of rotation while the page keeps working.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';
import { freePort } from '@/lib/testing/pgbouncer';
import { replicationAvailable, startReplication, type Replication } from '@/lib/testing/replication';

test.describe('Health page with a read replica', () => {
  test.skip(!replicationAvailable, 'initdb/pg_ctl/pg_basebackup not found in /usr/lib/postgresql/15/bin');
  let rep: Replication | null = null;
  let consoleProcess: ChildProcess | null = null;
  // Made in beforeAll, so a file that is only loaded (or skipped) leaves nothing behind.
  let dir = '';
  let webPort = 0;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-e2e-replica-'));
    rep = await startReplication();
    const admin = new pg.Client({ connectionString: rep.primary.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE recall');
    await admin.end();
    webPort = await freePort();
    consoleProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env, PORT: String(webPort), DATABASE_URL: rep.primary.url('recall'), REPLICA_DATABASE_URL: rep.replica.url('recall'),
        // A lag limit the paused replay below cannot reach: the stale replica stays in rotation.
        REPLICA_CHECK_INTERVAL_MS: '500', REPLICA_MAX_LAG_MS: '600000', RECALL_DATA_DIR: path.join(dir, 'console'),
        RECALL_ADMIN_EMAIL: E2E_ADMIN.email, RECALL_ADMIN_PASSWORD: E2E_ADMIN.password, PROJECT_POOL_MAX: '4',
      },
      stdio: 'ignore',
    });
    const until = Date.now() + 280_000;
    while (Date.now() < until) {
      if (await fetch(`http://localhost:${webPort}/api/health`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the console did not start');
  });

  test.afterAll(async () => {
    consoleProcess?.kill('SIGTERM');
    rep?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a user sees their own new entry at once though the replica has not replayed it; another caller reads the replica', async ({ page }) => {
    test.setTimeout(120_000);
    const base = `http://localhost:${webPort}`;
    await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password, base);
    const tokenRes = await page.request.post(`${base}/api/v1/tokens`, { data: { name: 'replica reader', scope: 'read' } });
    expect(tokenRes.status()).toBe(201);
    const readToken = ((await tokenRes.json()) as { token: string }).token;
    const listedForToken = async () => {
      const res = await fetch(`${base}/api/v1/memories?namespace=e2e_ryw`, { headers: { authorization: `Bearer ${readToken}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { total: number }).total;
    };

    const replica = new pg.Client({ connectionString: rep!.replica.url('recall') });
    await replica.connect();
    try {
      await replica.query('SELECT pg_wal_replay_pause()');
      await expect.poll(async () => (await replica.query('SELECT pg_get_wal_replay_pause_state() AS s')).rows[0].s).toBe('paused');
      await page.goto(`${base}/memories/new?namespace=e2e_ryw`);
      const form = page.getByTestId('memory-form');
      await form.getByLabel('Key').fill('fresh');
      await form.getByRole('textbox', { name: 'Value', exact: true }).fill('written while the replica is paused');
      await form.getByRole('button', { name: 'Create entry' }).click();
      await expect(page).toHaveURL(/\/namespaces\/e2e_ryw\/fresh$/);
      // The namespace list reads a replica in rotation, yet the writer sees the new row.
      await page.goto(`${base}/namespaces/e2e_ryw`);
      await expect(page.getByRole('link', { name: 'fresh', exact: true })).toBeVisible();
      await page.goto(`${base}/health`);
      await expect(page.getByTestId('replica-lag-replica-1')).toHaveAttribute('data-in-rotation', 'true');
      // The token has written nothing: it reads the replica, which has not replayed the row.
      expect(await listedForToken()).toBe(0);
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
      await replica.end();
    }
    await expect.poll(listedForToken, { timeout: 20_000 }).toBe(1);
  });

  test('shows the replica\'s lag and rotation, and the primary\'s view of it; a stopped replica leaves the rotation', async ({ page }) => {
    test.setTimeout(120_000);
    const base = `http://localhost:${webPort}`;
    await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password, base);
    await page.goto(`${base}/health`);

    const card = page.getByTestId('pool-card-replica-1');
    await expect(card).toHaveAttribute('data-status', 'healthy');
    const lag = page.getByTestId('replica-lag-replica-1');
    await expect(lag).toHaveAttribute('data-in-rotation', 'true', { timeout: 20_000 });
    await expect(lag).toContainText(/Replay lag [\d,]+ ms · serving reads/);
    await expect(page.getByTestId('standby-row')).toHaveCount(1);
    await expect(page.getByTestId('standby-row')).toContainText('streaming');

    rep!.replica.stop('immediate');
    await expect(card).toHaveAttribute('data-status', 'down', { timeout: 20_000 });
    await expect(lag).toHaveAttribute('data-in-rotation', 'false');
    await expect(lag).toContainText(/out of rotation: unreachable/);
    await expect(page.getByTestId('pool-card-project')).toHaveAttribute('data-status', 'healthy');
    // Reads that would have gone to the replica answer from the primary.
    const res = await page.request.get(`${base}/api/v1/stats?window=15m`);
    expect(res.status()).toBe(200);
  });
});
