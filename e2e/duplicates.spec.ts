// The Duplicates view on the demo data: the planted near-duplicates show side by side, and an
// admin merges one cluster with a dry run first.
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

test('a namespace\'s near-duplicates: side by side with the difference marked, merged after a dry run', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/namespaces/research');
  await page.getByRole('link', { name: 'Duplicates' }).click();
  await expect(page).toHaveURL(/\/collections\/public\.memory_entries\.embedding\/duplicates\?namespace=research/);
  await expect(page.getByTestId('duplicates-summary')).toContainText('rows scanned');

  const cluster = page.getByTestId('near-cluster').filter({ hasText: 'Reranking the top 50 vector hits' });
  await expect(cluster).toHaveCount(1);
  await expect(cluster.getByTestId('duplicate-member')).toHaveCount(2);
  // The difference from the oldest member (shown first, kept by default) is marked.
  await expect(cluster.locator('ins, del').filter({ hasText: 'again.' })).toHaveCount(1);
  await expect(cluster).toContainText('reading-list');

  await cluster.getByRole('button', { name: 'Dry run' }).click();
  await expect(cluster.getByTestId('action-ok')).toHaveText(/^Dry run: this deletes 1 entry and keeps \d+/);
  await cluster.getByRole('button', { name: 'Delete 1 and keep the chosen one' }).click();
  await expect(page.getByTestId('merged-banner')).toHaveText(/^Kept \d+; deleted 1/);
  await expect(page).toHaveURL(/namespace=research/);
  await expect(page.getByTestId('near-cluster').filter({ hasText: 'Reranking the top 50 vector hits' })).toHaveCount(0);
  await expect(page.getByTestId('near-cluster').filter({ hasText: 'Compacting agent memory' })).toHaveCount(1);
});
