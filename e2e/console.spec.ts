import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signIn, signInFresh } from './helpers';

test('a signed-out visit redirects to /login and returns there after sign-in', async ({ page }) => {
  await page.goto('/namespaces/docs?page=2');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fnamespaces%2Fdocs%3Fpage%3D2$/);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/namespaces\/docs\?page=2$/);
  await expect(page.getByTestId('page-indicator')).toHaveText(/^Page 2 of \d+$/);
});

test('a wrong password shows an error and stays signed out', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, E2E_ADMIN.email, 'not-the-password');
  await expect(page.getByTestId('login-error')).toHaveText('Wrong e-mail or password, or the account is disabled.');
  await expect(page).toHaveURL(/\/login/);
  const api = await page.request.get('/api/v1/namespaces');
  expect(api.status()).toBe(401);
});

test('the Overview shows the real counts', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const { namespaces } = await (await page.request.get('/api/v1/namespaces')).json();
  const total = namespaces.reduce((s: number, n: { entries: number }) => s + n.entries, 0);
  expect(total).toBeGreaterThan(1000);
  const formatted = new Intl.NumberFormat('en-US').format(total);
  await page.goto('/');
  await expect(page.getByTestId('engine-kind')).toHaveText('Embedded');
  await expect(page.getByTestId('memory-count')).toHaveText(formatted);
  await expect(page.getByTestId('table-row-public.memory_entries').getByTestId('row-count')).toHaveText(formatted);
  for (const n of namespaces) {
    await expect(page.getByTestId('overview-namespaces')).toContainText(n.namespace);
  }
});

test('open a namespace and go to page 2', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Namespaces' }).click();
  await page.getByRole('link', { name: 'user_prefs' }).click();
  await expect(page).toHaveURL(/\/namespaces\/user_prefs$/);
  await expect(page.getByTestId('entry-row')).toHaveCount(50);
  const firstOnPage1 = await page.getByTestId('entry-row').first().locator('td').first().innerText();
  await page.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/\/namespaces\/user_prefs\?page=2$/);
  await expect(page.getByTestId('page-indicator')).toHaveText(/^Page 2 of 14$/);
  await expect(page.getByTestId('entry-row')).toHaveCount(50);
  expect(await page.getByTestId('entry-row').first().locator('td').first().innerText()).not.toBe(firstOnPage1);

  // A tag in the table narrows the list to it, back on page 1.
  const tagLink = page.getByTestId('entry-row').first().locator('td').nth(2).getByRole('link').first();
  const tag = (await tagLink.innerText()).trim();
  await tagLink.click();
  await expect(page).toHaveURL(new RegExp(`/namespaces/user_prefs\\?tags=${tag}$`));
  await expect(page.getByText(/of 700 entries match/)).toBeVisible();
  for (const row of await page.getByTestId('entry-row').all()) await expect(row.locator('td').nth(2)).toContainText(tag);
});

test('a viewer is refused admin actions, in the browser and over the API', async ({ page, browser }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/settings');
  const form = page.getByTestId('create-user-form');
  const viewer = { email: `viewer-${Date.now()}@e2e.test`, password: 'viewer-password-123' };
  await form.getByLabel('E-mail').fill(viewer.email);
  await form.getByLabel('Role').selectOption('viewer');
  await form.getByLabel('Password').fill(viewer.password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByTestId('action-ok')).toHaveText(`Created ${viewer.email} as viewer.`);
  await page.goto('/settings/audit');
  await expect(page.getByTestId('audit-row').first()).toContainText('user.create');

  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signInFresh(viewerPage, viewer.email, viewer.password);
  await expect(viewerPage.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  const res = await viewerPage.goto('/settings');
  expect(res?.status()).toBe(403);
  await expect(viewerPage.getByTestId('forbidden')).toBeVisible();
  const api = await viewerPage.request.post('/api/v1/users', {
    data: { email: 'sneaky@e2e.test', role: 'admin', password: 'sneaky-password-123' },
  });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.message).toBe('This needs the admin role; you are signed in as viewer.');
  await context.close();

  const users = await (await page.request.get('/api/v1/users')).json();
  expect(users.users.map((u: { email: string }) => u.email)).not.toContain('sneaky@e2e.test');
});

test('signing out ends the session', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2F$/);
});

test('the Agents page shows the swarm from its tables', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/agents');
  await expect(page.getByTestId('agent-row')).toHaveCount(12);
  await expect(page.getByTestId('task-bar').locator('div').first()).toBeVisible();
  await page.goto('/');
  await expect(page.getByTestId('writes-per-day')).toHaveAttribute('data-points', '30');
  await expect(page.getByTestId('writes-per-day').locator('.recharts-bar-rectangle').first()).toBeAttached();
});
