// The memory map of the demo data: PCA at once, UMAP when done, the six namespaces in the legend,
// hover names a point, a click opens its entry.
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

test('the memory map draws the demo namespaces and a click on a point opens its entry', async ({ page }) => {
  test.setTimeout(300_000); // UMAP of 3,000 vectors on a shared 2-core machine
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/collections/public.memory_entries.embedding');
  await page.getByRole('link', { name: 'Map', exact: true }).click();
  const canvas = page.getByTestId('map-canvas');
  await expect(canvas).toHaveAttribute('data-points', /^\d{4}$/, { timeout: 60_000 });
  // The six demo namespaces (and any that other tests added) in the legend.
  for (const ns of ['code_snippets', 'conversations', 'docs', 'incidents', 'research', 'user_prefs']) {
    await expect(page.getByTestId('map-legend')).toContainText(ns);
  }
  await expect(canvas).toHaveAttribute('data-method', 'umap', { timeout: 240_000 });

  const [x, y] = (await canvas.getAttribute('data-first'))!.split(',');
  // Positions are the canvas's own pixels (it is drawn at its CSS size); hover scrolls it into view.
  const position = { x: Number(x), y: Number(y) };
  await canvas.hover({ position });
  // The point under the cursor (demo data has exact copies on the same spot): the click opens it.
  const label = (await page.getByTestId('map-hover').locator('div').first().innerText()).trim();
  const [ns, key] = label.split('/');
  await canvas.click({ position });
  await expect(page).toHaveURL(new RegExp(`/namespaces/${encodeURIComponent(ns)}/${encodeURIComponent(key)}$`));
  await expect(page.getByTestId('neighbours')).toBeVisible();
});
