// Ending sessions, token expiry and dropping a collection, in the browser.
import { expect, test, type Browser } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signIn, signInFresh } from './helpers';

async function newUser(page: import('@playwright/test').Page, role: string) {
  await page.goto('/settings');
  const form = page.getByTestId('create-user-form');
  const user = { email: `${role}-${Date.now()}@e2e.test`, password: `${role}-password-123` };
  await form.getByLabel('E-mail').fill(user.email);
  await form.getByLabel('Role').selectOption(role);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByTestId('action-ok')).toHaveText(`Created ${user.email} as ${role}.`);
  return user;
}

async function signedInContext(browser: Browser, user: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInFresh(page, user.email, user.password);
  return { context, page };
}

test('a copy of the session cookie is dead after sign-out', async ({ page, browser }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const viewer = await newUser(page, 'viewer');
  const { context, page: viewerPage } = await signedInContext(browser, viewer);
  const kept = await context.cookies();
  await viewerPage.getByRole('button', { name: 'Sign out' }).click();
  await expect(viewerPage).toHaveURL(/\/login/);
  await context.close();

  const replay = await browser.newContext();
  await replay.addCookies(kept);
  const replayPage = await replay.newPage();
  await replayPage.goto('/namespaces');
  await expect(replayPage).toHaveURL(/\/login/);
  expect(await (await replayPage.request.get('/api/auth/session')).json()).toBeNull();
  expect((await replayPage.request.get('/api/v1/namespaces')).status()).toBe(401);
  await replay.close();
});

test("an admin's 'Sign out everywhere' ends a user's session", async ({ page, browser }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const reviewer = await newUser(page, 'reviewer');
  const { context, page: reviewerPage } = await signedInContext(browser, reviewer);
  await page.goto(`/settings/users?q=${encodeURIComponent(reviewer.email)}`);
  await page.getByTestId(`user-row-${reviewer.email}`).getByRole('button', { name: `Edit ${reviewer.email}` }).click();
  const dialog = page.getByTestId('edit-user-dialog');
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(dialog.getByTestId('action-ok')).toHaveText('Signed out everywhere: their sessions have ended.');
  await reviewerPage.goto('/namespaces');
  await expect(reviewerPage).toHaveURL(/\/login/);
  await context.close();
  await page.goto('/settings/audit');
  await expect(page.getByTestId('audit-row').first()).toContainText('user.sign_out_everywhere');
});

test('a token shows when it expires', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/settings/tokens');
  const form = page.getByTestId('create-token-form');
  for (const [name, expires] of [[`month-${Date.now()}`, '30'], [`forever-${Date.now()}`, 'none']]) {
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Expires').selectOption(expires);
    await form.getByRole('button', { name: 'Create token' }).click();
    await expect(form.getByTestId('new-token')).toBeVisible();
    const cell = page.getByTestId(`token-row-${name}`).getByTestId('token-expiry');
    await expect(cell).toHaveText(expires === 'none' ? 'never' : /^on /);
  }
});

test('an admin drops a collection created here, after typing the confirmation', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/collections');
  const name = `scratch_${Date.now()}`;
  const create = page.getByTestId('create-collection-form');
  await create.getByLabel('Table name').fill(name);
  await create.getByLabel('Dimension').fill('3');
  await create.getByRole('button', { name: 'Create collection' }).click();
  await expect(page).toHaveURL(new RegExp(`/collections/public\\.${name}\\.embedding$`));
  const drop = page.getByTestId('drop-collection-form');
  await drop.getByLabel('Confirmation').fill('drop it');
  await drop.getByRole('button', { name: 'Drop collection' }).click();
  await expect(drop.getByTestId('action-error')).toHaveText(`confirm: type "drop public.${name} with 0 rows" to drop it`);
  await drop.getByLabel('Confirmation').fill(`drop public.${name} with 0 rows`);
  await drop.getByRole('button', { name: 'Drop collection' }).click();
  await expect(page).toHaveURL(/\/collections$/);
  await expect(page.getByText(`public.${name}.embedding`)).toHaveCount(0);
  // The seeds' tables offer no such button.
  await page.goto('/collections/public.templates.embedding');
  await expect(page.getByTestId('drop-collection-form')).toHaveCount(0);
});

test('wrong passwords are limited: then even the right one is refused for a while', async ({ page, browser }) => {
  test.setTimeout(240_000); // eleven password hashes on a loaded machine
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const target = await newUser(page, 'viewer');
  const context = await browser.newContext();
  const login = await context.newPage();
  // A fresh form each time, so each error shown is that attempt's answer and all ten are counted.
  const attempt = async (password: string) => {
    await login.goto('/login');
    await signIn(login, target.email, password);
  };
  for (let i = 0; i < 10; i++) {
    await attempt(`wrong-password-${i}`);
    await expect(login.getByTestId('login-error')).toHaveText('Wrong e-mail or password, or the account is disabled.');
  }
  await attempt(target.password);
  await expect(login.getByTestId('login-error')).toHaveText(/^Too many attempts; try again in \d+ s\.$/);
  await expect(login).toHaveURL(/\/login/);
  await context.close();
});

test('the Health page shows the Redis connection when REDIS_URL is set', async ({ page }) => {
  test.skip(!process.env.REDIS_URL, 'the console runs without REDIS_URL (set it to check the Redis card)');
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/health');
  const card = page.getByTestId('redis-card');
  await expect(card).toContainText('connected');
  for (const label of ['Latency', 'Memory', 'Keys', 'Hit rate']) await expect(card).toContainText(label);
});
