import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium (Playwright never downloads a browser here). Elsewhere, point RECALL_CHROMIUM at one.
const CHROMIUM = process.env.RECALL_CHROMIUM ?? '/usr/bin/chromium';
const noBrowser = !fs.existsSync(CHROMIUM);
if (noBrowser) {
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set RECALL_CHROMIUM)`;
  if (process.env.CI) throw new Error(`[e2e] ${why}`);
  console.warn(`[skipped] browser tests: ${why}`);
}

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password-123' };

export default defineConfig({
  testDir: 'e2e',
  ...(noBrowser ? { testIgnore: ['**/*'] } : {}),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    // A fresh data directory each run, so the first-start path (migrations, demo data, first admin) is what is tested.
    command: `node -e "require('fs').rmSync('.recall-e2e',{recursive:true,force:true})" && npm start`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      RECALL_DATA_DIR: '.recall-e2e',
      RECALL_ADMIN_EMAIL: E2E_ADMIN.email,
      RECALL_ADMIN_PASSWORD: E2E_ADMIN.password,
      DATABASE_URL: '',
    },
  },
});
