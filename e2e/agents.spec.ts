// Operating the swarm from the console: an agent's page, marking it shut down, releasing its work.
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

test('an agent page shows its tasks, events, messages and metric charts; an admin shuts it down and releases its task', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/agents');
  await expect(page.getByTestId('swarm-activity').locator('.recharts-line').first()).toBeAttached();
  // An agent with a task in hand.
  const row = page.getByTestId('agent-row').filter({ hasNot: page.getByText('shutdown', { exact: true }) }).first();
  await row.getByRole('link').click();
  await expect(page).toHaveURL(/\/agents\/agent-\d+$/);
  await expect(page.getByTestId('agent-status')).toBeVisible();
  await expect(page.getByTestId('agent-events').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('agent-messages').locator('li').first()).toBeVisible();
  await expect(page.locator('[data-testid^="metric-"]').first().locator('.recharts-line').first()).toBeAttached();

  await page.getByRole('button', { name: 'Mark shut down' }).click();
  await expect(page.getByTestId('agent-status')).toContainText('shutdown');
  await expect(page.getByTestId('agent-status')).toContainText('not running');
  await expect(page.getByTestId('agent-commands').getByRole('button')).toHaveCount(0);

  // Its assigned or running tasks can be released now; released, they are pending and leave its list.
  const held = page.getByTestId('agent-task').filter({ has: page.getByRole('button', { name: 'Release to pending' }) });
  const before = await held.count();
  if (before > 0) {
    const id = (await held.first().locator('td').first().innerText()).split('\n')[0].trim();
    await held.first().getByRole('button', { name: 'Release to pending' }).click();
    await expect(page.getByTestId('agent-task').filter({ hasText: id })).toHaveCount(0);
    await page.goto('/agents');
    await expect(page.getByTestId('stuck-task').filter({ hasText: id })).toHaveCount(0);
  }
});
