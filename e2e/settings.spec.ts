// Settings' sub-pages: users found and paged on the server, one edit dialog per user, token and
// audit pages, and user admin refused to a viewer.
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

const PASSWORD = 'settings-password-123';

async function apiUser(page: Page, email: string, role = 'viewer') {
  const res = await page.request.post('/api/v1/users', { data: { email, role, password: PASSWORD } });
  expect(res.status(), email).toBe(201);
}

test.beforeEach(async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
});

test('/settings opens Users, with the sub-navigation marking where you are', async ({ page }) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/settings\/users$/);
  const tabs = page.getByRole('navigation', { name: 'Settings sections' });
  await expect(tabs.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');
  await tabs.getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  await expect(tabs.getByRole('link', { name: 'Audit log' })).toHaveAttribute('aria-current', 'page');
  await expect(tabs.getByRole('link', { name: 'Users' })).not.toHaveAttribute('aria-current', 'page');
});

test('users are searched on the server and paged 50 at a time', async ({ page }) => {
  test.setTimeout(240_000); // 52 password hashes
  const tag = `pg${Date.now()}`;
  const emails = Array.from({ length: 52 }, (_, i) => `${tag}-${String(i).padStart(2, '0')}@e2e.test`);
  for (let i = 0; i < emails.length; i += 4) await Promise.all(emails.slice(i, i + 4).map((e) => apiUser(page, e)));

  await page.goto('/settings/users');
  await page.getByRole('searchbox', { name: 'Find a user' }).fill(tag);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));
  const rows = page.locator('[data-testid^="user-row-"]');
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toHaveAttribute('data-testid', `user-row-${emails[0]}`);
  await page.getByTestId('next-page').click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-testid', `user-row-${emails[50]}`);
  await expect(rows.nth(1)).toHaveAttribute('data-testid', `user-row-${emails[51]}`);
  await expect(page.getByTestId('next-page')).toHaveCount(0);
  // Back one page: the same 50, in the same order, and no way further back.
  await page.getByTestId('previous-page').click();
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toHaveAttribute('data-testid', `user-row-${emails[0]}`);
  await expect(rows.last()).toHaveAttribute('data-testid', `user-row-${emails[49]}`);
  await expect(page.getByTestId('previous-page')).toHaveCount(0);
  await page.getByTestId('next-page').click();
  await page.getByRole('link', { name: '← First page' }).click();
  await expect(rows).toHaveCount(50);
});

test("one edit dialog changes a user's role and says so; the create form resets with a toast", async ({ page }) => {
  await page.goto('/settings/users');
  const form = page.getByTestId('create-user-form');
  const email = `edit-${Date.now()}@e2e.test`;
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Role').selectOption('viewer');
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: `Created ${email} as viewer.` })).toBeVisible();
  await expect(form.getByLabel('E-mail')).toHaveValue('');
  await expect(form.getByLabel('Password')).toHaveValue('');

  await page.goto(`/settings/users?q=${encodeURIComponent(email)}`);
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row.getByTestId('user-role')).toHaveText('viewer');
  await row.getByRole('button', { name: `Edit ${email}` }).click();
  const dialog = page.getByTestId('edit-user-dialog');
  await expect(dialog.getByRole('heading', { name: `Edit ${email}` })).toBeVisible();
  await dialog.getByLabel('Role').selectOption('reviewer');
  await dialog.getByRole('button', { name: 'Change role' }).click();
  await expect(dialog.getByTestId('action-ok')).toHaveText('Role changed.');
  await expect(page.getByTestId('toast').filter({ hasText: 'Role changed.' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(row.getByTestId('user-role')).toHaveText('reviewer');

  // The audit log has it, and its filters narrow to it.
  await page.goto('/settings/audit');
  await page.getByLabel('User (e-mail)').fill(E2E_ADMIN.email);
  await page.getByLabel('Action').fill('user.role');
  await page.getByRole('button', { name: 'Filter' }).click();
  const entries = page.getByTestId('audit-row');
  await expect(entries.first()).toContainText(email);
  for (const entry of await entries.all()) await expect(entry).toContainText('user.role');
  await page.getByLabel('Action').fill('user.create');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(entries.first()).toContainText('user.create');
  for (const entry of await entries.all()) await expect(entry).not.toContainText('user.role');
});

test('a bad audit date says which field and why', async ({ page }) => {
  await page.goto('/settings/audit?from=2026-13-01');
  await expect(page.getByTestId('filter-problem')).toHaveText('from: must be a date like 2026-01-31');
  await page.goto('/settings/audit?from=2026-03-02&to=2026-03-01');
  await expect(page.getByTestId('filter-problem')).toHaveText('to: must not be before from');
});

test('the token form resets, shows the token once with a copy button, and revoking names the token', async ({ page }) => {
  await page.goto('/settings/tokens');
  const form = page.getByTestId('create-token-form');
  const name = `reset-${Date.now()}`;
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Scope').selectOption('write');
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByTestId('new-token')).toHaveText(/^rcl_/);
  await expect(form.getByRole('button', { name: 'Copy' })).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveValue('');
  await expect(form.getByLabel('Scope')).toHaveValue('read');
  const row = page.getByTestId(`token-row-${name}`);
  await row.getByRole('button', { name: 'Revoke…' }).click();
  const confirm = row.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`Revoke the token "${name}"?`);
  await confirm.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Token revoked' })).toBeVisible();
  await expect(row.getByText('revoked')).toBeAttached();
  await expect(page.getByRole('link', { name: 'API reference' })).toHaveAttribute('href', '/api-reference');
});

test('the API reference renders the console API and tries it out with the session', async ({ page }) => {
  await page.goto('/api-reference');
  const reference = page.getByTestId('api-reference');
  await expect(reference).toBeAttached();
  await expect(reference.getByText('/api/v1/namespaces').first()).toBeVisible({ timeout: 30_000 });
});

test('a viewer is refused every Settings page', async ({ page, browser }) => {
  const viewer = `settings-viewer-${Date.now()}@e2e.test`;
  await apiUser(page, viewer);
  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signInFresh(viewerPage, viewer, PASSWORD);
  for (const path of ['/settings', '/settings/users', '/settings/tokens', '/settings/audit', '/settings/review-rules']) {
    const res = await viewerPage.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(viewerPage.getByTestId('forbidden')).toBeVisible();
    await expect(viewerPage.getByTestId('create-user-form')).toHaveCount(0);
  }
  await context.close();
});
