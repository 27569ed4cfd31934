// ef_search tuning from a collection page: an admin runs it, the recall/latency curve fills in, the
// smallest ef_search reaching the target becomes the default, and the Search page says it used it.
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

test('an admin tunes ef_search for memory_entries; searches then use the tuned default', async ({ page }) => {
  test.setTimeout(240_000);
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/collections/public.memory_entries.embedding');
  const panel = page.getByTestId('tune-panel');
  await expect(panel.getByTestId('tuned-default')).toContainText("the server's built-in ef_search");
  await panel.getByLabel('Target recall@10').fill('0.9');
  await panel.getByRole('button', { name: 'Tune ef_search' }).click();
  await expect(panel.getByTestId('tune-job')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(panel.getByTestId('tune-curve')).toHaveAttribute('data-points', '10');
  await expect(panel.getByTestId('tune-message')).toHaveText(/^Saved ef_search (\d+) as the default: recall@10 [01]\.\d+ ≥ 0\.9/);
  const ef = (await panel.getByTestId('tune-message').textContent())!.match(/Saved ef_search (\d+)/)![1];
  await expect(panel.getByTestId('tuned-default')).toContainText(`Searches use ef_search ${ef}, tuned`);
  for (const [width, height] of [[1440, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/scale/tune-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.goto('/search?q=rotate+the+API+keys');
  await expect(page.getByTestId('ef-search-reason')).toHaveAttribute('data-source', 'tuned');
  await expect(page.getByTestId('ef-search-reason')).toContainText(`ef_search ${ef}: this collection's tuned default`);
  // The empty ef field shows what it will search with.
  await expect(page.getByTestId('ef-search-input')).toHaveAttribute('placeholder', ef);
  await page.goto('/search?q=rotate+the+API+keys&ef=200');
  await expect(page.getByTestId('ef-search-reason')).toHaveText('ef_search 200: set by this request.');
});
