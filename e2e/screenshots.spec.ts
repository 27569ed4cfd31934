import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

// Not a check: SCREENSHOTS=1 takes 1440 × 900 and 390 × 844 pictures of the main pages (into
// SCREENSHOT_DIR, default test-results/screenshots) and the README's ones (docs/screenshots), and
// lists what sticks out sideways on a phone.
test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to take screenshots');

const DIR = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';
const PAGES: [string, string][] = [['overview', '/'], ['namespaces', '/namespaces'], ['namespace', '/namespaces/docs'], ['collections', '/collections'],
  ['search', '/search?q=rotate+the+API+keys&exact=1'], ['templates', '/templates'], ['feedback', '/feedback'], ['review', '/review'], ['costs', '/costs'],
  ['session-memory', '/session-memory'], ['health', '/health'], ['agents', '/agents'], ['settings', '/settings'], ['settings-audit', '/settings/audit'], ['api-reference', '/api-reference'], ['import', '/import']];

test('screenshots', async ({ page }) => {
  test.setTimeout(300_000);
  mkdirSync(DIR, { recursive: true });
  mkdirSync('docs/screenshots', { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  // A burst of searches so the Health charts have something to draw.
  for (let i = 0; i < 15; i++) await page.request.post('/api/v1/memories/search', { data: { text: `key rotation ${i}`, limit: 5, min_similarity: 0 } });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 1440 ? 900 : 844 });
    for (const [name, path] of PAGES) {
      await page.goto(path);
      await expect(page.locator('h1').first()).toBeVisible();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      if (name === 'health') await page.getByTestId('qps-chart').locator('.recharts-wrapper').waitFor().catch(() => undefined);
      await page.screenshot({ path: `${DIR}/${name}-${width}.png`, fullPage: true });
      if (width === 390) {
        const wide = await page.evaluate(() => {
          const out: string[] = [];
          for (const el of document.querySelectorAll<HTMLElement>('main *')) {
            const r = el.getBoundingClientRect();
            if (r.right > 392 && !el.closest('[role=region]')) out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} → ${Math.round(r.right)}`);
          }
          return { width: document.documentElement.scrollWidth, wide: out.slice(0, 6) };
        });
        console.log(`[390] ${path}: ${wide.width}px ${wide.wide.join(' ; ')}`);
      }
    }
  }
  // The README's pictures, and Health at 15 minutes and 7 days.
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const [name, path] of [['overview', '/'], ['settings-users', '/settings/users'], ['search', '/search?q=rotate+the+API+keys&exact=1'], ['namespace', '/namespaces/docs']]) {
    await page.goto(path);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.screenshot({ path: `docs/screenshots/${name}.png` });
  }
  await page.goto('/health');
  await page.getByTestId('qps-chart').locator('.recharts-wrapper').waitFor();
  await page.screenshot({ path: 'docs/screenshots/health-15min.png' });
  await page.getByRole('tab', { name: '7 days' }).click();
  await expect(page.getByTestId('qps-chart')).toHaveAttribute('data-to', /\d+/);
  await page.getByTestId('qps-chart').locator('.recharts-wrapper').waitFor();
  await page.waitForTimeout(1500);
  await page.getByTestId('latency-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/health-7days.png' });
});
