import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

test('Health is in tabs kept in the URL, reachable with the arrow keys', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/health');
  const tabs = page.getByRole('tablist', { name: 'Health sections' }).getByRole('tab');
  await expect(tabs).toHaveText(['Live', 'Sessions', 'Queries', 'Tables & indexes', 'Maintenance']);
  await expect(page.getByRole('tab', { name: 'Live' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('pool-card-project')).toBeVisible();
  // Only the visible tab is rendered (and queried).
  await expect(page.getByTestId('table-stat-row')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Live' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/health\?tab=sessions$/);
  await expect(page.getByRole('tab', { name: 'Sessions' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Sessions' })).toBeFocused();
  await expect(page.getByTestId('session-states')).toBeVisible();
  await expect(page.getByTestId('pool-card-project')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(page).toHaveURL(/\/health\?tab=maintenance$/);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/\/health\?tab=tables$/);
  await expect(page.getByTestId('table-stat-row').first()).toBeVisible();
  await page.keyboard.press('Home');
  await expect(page).toHaveURL(/\/health$/);
  // An unknown tab is the Live one, not an error.
  await page.goto('/health?tab=nope');
  await expect(page.getByRole('tab', { name: 'Live' })).toHaveAttribute('aria-selected', 'true');
});

test('maintenance asks in the console’s dialog, never the browser’s, and says what happened', async ({ page }) => {
  page.on('dialog', (d) => { throw new Error(`a browser dialog opened: ${d.message()}`); });
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/health?tab=maintenance');
  await page.getByLabel('Table').selectOption('public.memory_entries');
  await page.getByRole('button', { name: 'VACUUM ANALYZE' }).click();
  const dialog = page.getByTestId('confirm-dialog').filter({ visible: true });
  await expect(dialog.getByRole('heading')).toHaveText('Run VACUUM ANALYZE public.memory_entries?');
  await expect(dialog).toContainText('Reclaims dead rows of public.memory_entries');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('maintenance-message')).toHaveCount(0);

  await page.getByRole('button', { name: 'VACUUM ANALYZE' }).click();
  await page.getByTestId('confirm-dialog').filter({ visible: true }).getByRole('button', { name: 'Run VACUUM' }).click();
  await expect(page.getByTestId('toast').first()).toHaveText(/VACUUM ANALYZE public\.memory_entries: done in \d+\.\d s\./);
  await expect(page.getByTestId('maintenance-message')).toHaveText(/done in/);
});

test('the namespace list filters on the server, with an empty state that says what to try', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/namespaces');
  const all = await page.getByTestId('namespace-row').count();
  expect(all).toBeGreaterThan(1);
  const first = (await page.getByTestId('namespace-row').first().getByRole('link').innerText()).trim();
  const part = first.slice(1, 4).toUpperCase();
  await page.getByLabel('Name').fill(part);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(part)}`));
  const names = await page.getByTestId('namespace-row').getByRole('link').allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  expect(names.every((n) => n.toLowerCase().includes(part.toLowerCase()))).toBe(true);
  await expect(page.getByTestId('namespace-count')).toHaveText(new RegExp(`^${names.length} namespaces? match$`));

  await page.getByLabel('Name').fill('no-such-namespace-anywhere');
  await page.getByLabel('Match').selectOption('prefix');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('heading', { name: 'No namespace starts with “no-such-namespace-anywhere”' })).toBeVisible();
  await page.getByRole('link', { name: 'Show all namespaces' }).click();
  await expect(page.getByTestId('namespace-row')).toHaveCount(all);
});
