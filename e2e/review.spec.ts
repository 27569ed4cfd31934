import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config';
import { signInFresh } from './helpers';

test('a reviewer rates three items with the keyboard', async ({ page, browser }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const reviewer = { email: `rev-${Date.now()}@e2e.test`, password: 'reviewer-password-1' };
  expect((await page.request.post('/api/v1/users', { data: { ...reviewer, role: 'reviewer' } })).status()).toBe(201);

  const context = await browser.newContext();
  const rp = await context.newPage();
  await signInFresh(rp, reviewer.email, reviewer.password);
  await rp.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
  const item = rp.getByTestId('review-item');
  await expect(item).toBeVisible();
  const remaining = Number(await rp.getByTestId('remaining').innerText());
  const seen: string[] = [];
  for (const [i, key] of ['4', '2', '5'].entries()) {
    const id = (await item.getAttribute('data-generation'))!;
    expect(seen).not.toContain(id);
    seen.push(id);
    await rp.keyboard.press(key);
    await expect(rp.getByRole('radio', { name: key })).toHaveAttribute('aria-checked', 'true');
    if (i === 1) {
      await rp.keyboard.press('c');
      await rp.keyboard.type('Missed an edge case.');
      await rp.keyboard.press('Escape');
    }
    await rp.keyboard.press('Enter');
    await expect(rp.getByTestId('review-notice')).toHaveText(`Rated ${key}.`);
    await expect(rp.getByTestId('done-today')).toHaveText(String(i + 1));
    await expect(item).not.toHaveAttribute('data-generation', id);
  }
  // Rated 4 and 5 leave the queue; rated 2 waits for a second opinion from someone else.
  await expect(rp.getByTestId('remaining')).toHaveText(String(remaining - 2));
  const second = await rp.request.get(`/api/v1/memories/count`);
  expect(second.status()).toBe(200);
  await rp.goto(`/generations/${seen[1]}`);
  await expect(rp.getByTestId('feedback-thread')).toContainText('Missed an edge case.');
  await context.close();
});

test('an admin promotes a generation and finds the new template among the similar ones', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/feedback?feedback=without');
  // The first generation not promoted yet (the demo promoted its best ones).
  const links = await page.getByTestId('generation-row').getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  for (const href of links) {
    await page.goto(href);
    if (await page.getByRole('button', { name: 'Promote to template' }).count()) break;
  }
  const content = await page.getByTestId('generation-content').innerText();
  await page.getByRole('button', { name: 'Promote to template' }).click();
  await expect(page).toHaveURL(/\/templates\/tpl-/);
  await expect(page.getByTestId('template-content')).toContainText(content.split('\n')[0]);
  const newName = (await page.locator('h1').innerText()).trim();
  const similar = page.getByTestId('similar-templates').locator('li');
  await expect(similar).toHaveCount(5);
  // From a similar template, the new one is among its neighbours.
  const templateUrl = page.url();
  await similar.first().getByRole('link').click();
  await expect(page.getByTestId('similar-templates')).toContainText(newName);
  await page.goto(templateUrl);
  await expect(page.getByText('Promoted from')).toBeVisible();
});
