import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test.describe('on a phone (390 × 844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('Overview, a namespace, Search and Review fit the screen; wide tables scroll inside themselves', async ({ page }) => {
    await page.goto('/login');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('writes-per-day').locator('.recharts-wrapper')).toBeVisible();
    for (const path of ['/', '/namespaces', '/namespaces/docs', '/search?q=rotate+the+API+keys', '/review', '/health']) {
      await page.goto(path);
      await expect(page.locator('h1').first()).toBeVisible();
      expect(await pageWidth(page), path).toBeLessThanOrEqual(390);
    }
    // The namespace table is wider than the phone: it scrolls in its own box, which says so.
    await page.goto('/namespaces/docs');
    const region = page.getByRole('region', { name: 'Entries', exact: true });
    await expect(region).toHaveAttribute('data-overflows', 'true');
    await expect(page.getByTestId('scroll-hint')).toHaveText(/Scroll sideways/);
  });

  test('the sidebar is a menu button that opens, moves focus and closes with Escape', async ({ page }) => {
    await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeHidden();
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(nav).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Overview' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();
    // A link followed from the menu closes it.
    await menu.click();
    await nav.getByRole('link', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/search$/);
    await expect(nav).toBeHidden();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  });
});

test('at 1440 px the sidebar is always there and a skip link leads to the content', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test('deleting a namespace: a wrong name is refused in words, the right one deletes and says so', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const ns = `e2e_del_${Date.now()}`;
  for (const key of ['a']) {
    expect((await page.request.post('/api/v1/memories', { data: { namespace: ns, key, value: `note ${key}` } })).status()).toBeLessThan(300);
  }
  await page.goto(`/namespaces/${ns}`);
  await expect(page.getByRole('heading', { name: ns })).toBeVisible();
  await expect(page.getByText('1 entry.', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Delete namespace…' }).click();
  const form = page.getByTestId('delete-namespace-form');
  await form.getByLabel('Namespace name').fill(`${ns}x`);
  await form.getByRole('button', { name: 'Delete 1 entry' }).click();
  await expect(form.getByTestId('confirm-mismatch')).toHaveText(`That is not the namespace’s name: type ${ns} exactly (letters, case and spaces as shown) to delete it.`);
  await form.getByLabel('Namespace name').fill(ns);
  await form.getByRole('button', { name: 'Delete 1 entry' }).click();
  await expect(page).toHaveURL(/\/namespaces$/);
  await expect(page.getByTestId('toast')).toHaveText(new RegExp(`Deleted the namespace ${ns} \\(1 entry\\)`));
});
