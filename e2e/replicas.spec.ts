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
import { freePort } from '@/lib/testing/pgbouncer';
import { replicationAvailable, startReplication, type Replication } from '@/lib/testing/replication';

test.describe('Health page with a read replica', () => {
  test.skip(!replicationAvailable, 'initdb/pg_ctl/pg_basebackup not found in /usr/lib/postgresql/15/bin');
  let rep: Replication | null = null;
  let consoleProcess: ChildProcess | null = null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-e2e-replica-'));
  let webPort = 0;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    rep = await startReplication();
    const admin = new pg.Client({ connectionString: rep.primary.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE recall');
    await admin.end();
    webPort = await freePort();
    consoleProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env, PORT: String(webPort), DATABASE_URL: rep.primary.url('recall'), REPLICA_DATABASE_URL: rep.replica.url('recall'),
        REPLICA_CHECK_INTERVAL_MS: '500', RECALL_DATA_DIR: path.join(dir, 'console'),
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
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('shows the replica\'s lag and rotation, and the primary\'s view of it; a stopped replica leaves the rotation', async ({ page }) => {
    test.setTimeout(120_000);
    const base = `http://localhost:${webPort}`;
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-user')).toHaveText(E2E_ADMIN.email);
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
