import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password-123' };

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    // A fresh data directory each run, so the first-start path (migrations, demo data, first admin) is what is tested.
    command: `node -e "require('fs').rmSync('.recall-e2e',{recursive:true,force:true})" && npm start`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 300_000,
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
