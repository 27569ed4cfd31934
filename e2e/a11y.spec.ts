import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

// Every page of the navigation (an admin sees them all), plus the pages one level down that people
// work in, checked against WCAG 2.1 A/AA: no serious or critical violation is allowed.
const PAGES = ['/', '/namespaces', '/namespaces/docs', '/collections', '/search', '/search?q=rotate+the+API+keys&exact=1', '/templates',
  '/feedback', '/review', '/costs', '/session-memory', '/health', '/health?tab=sessions', '/health?tab=queries', '/health?tab=tables', '/health?tab=maintenance',
  '/agents', '/settings', '/import', '/settings/tokens', '/settings/audit', '/settings/review-rules', '/settings/embeddings', '/api-reference'];

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 5 ? ` (+${v.nodes.length - 5})` : ''}`);
}

test('the sign-in page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/login');
  expect(await seriousViolations(page)).toEqual([]);
});

test('every page in the navigation has no serious accessibility violations (admin)', async ({ page }) => {
  test.setTimeout(600_000); // two dozen pages, each settled and checked, on a loaded 2-core machine
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const found: Record<string, string[]> = {};
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.locator('h1').first()).toBeVisible();
    // Charts draw in the browser: let them (and any polling card) settle before checking.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const v = await seriousViolations(page);
    if (v.length) found[path] = v;
  }
  expect(found).toEqual({});
});
