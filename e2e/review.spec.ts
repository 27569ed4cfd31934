import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
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
  // The five-minute lease counts down.
  const lease = rp.getByTestId('lease');
  await expect(lease).toHaveText(/^Yours for [45]:\d\d$/);
  const before = await lease.innerText();
  await expect(lease).not.toHaveText(before);
  const remaining = Number(await rp.getByTestId('remaining').innerText());
  // Enter before a rating says what is missing instead of doing nothing.
  await rp.keyboard.press('Enter');
  await expect(rp.getByTestId('rating-needed')).toHaveText('Pick a rating first: press 1–5 (or click a number), then Enter.');
  const seen: string[] = [];
  for (const [i, key] of ['4', '2', '5'].entries()) {
    const id = (await item.getAttribute('data-generation'))!;
    expect(seen).not.toContain(id);
    seen.push(id);
    await rp.keyboard.press(key);
    await expect(rp.getByRole('radio', { name: key })).toHaveAttribute('aria-checked', 'true');
    if (i === 1) {
      // Ctrl+Enter submits from the comment and puts focus back on the item, so the next key rates.
      await rp.keyboard.press('c');
      await rp.keyboard.type('Missed an edge case.');
      await rp.keyboard.press('Control+Enter');
      await expect(item).toBeFocused();
    } else {
      await rp.keyboard.press('Enter');
    }
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

test('a claim that runs out while the reviewer is away is renewed before they rate, keeping the rating in progress', async ({ page, browser }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const reviewer = { email: `away-${Date.now()}@e2e.test`, password: 'reviewer-password-1' };
  expect((await page.request.post('/api/v1/users', { data: { ...reviewer, role: 'reviewer' } })).status()).toBe(201);
  const context = await browser.newContext();
  const rp = await context.newPage();
  await signInFresh(rp, reviewer.email, reviewer.password);
  await rp.clock.install();
  await rp.goto('/review');
  const item = rp.getByTestId('review-item');
  const id = await item.getAttribute('data-generation');
  await rp.keyboard.press('3');
  // The browser's clock runs past the five-minute lease, as it would while the reviewer was away.
  await rp.clock.fastForward('05:10');
  await expect(rp.getByTestId('review-notice')).toHaveText('Your claim ran out and was renewed: the item is yours for another 5 minutes.');
  await expect(rp.getByTestId('lease')).toHaveText(/^Yours for [45]:\d\d$/);
  await expect(item).toHaveAttribute('data-generation', id!);
  await expect(rp.getByRole('radio', { name: '3' })).toHaveAttribute('aria-checked', 'true');
  await rp.keyboard.press('Enter');
  await expect(rp.getByTestId('review-notice')).toHaveText('Rated 3.');
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

test('the feedback and cost charts draw from the real rows', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const ratings = await (await page.request.get('/api/v1/ratings')).json();
  await page.goto('/feedback');
  const dist = page.getByTestId('rating-distribution');
  await expect(dist).toHaveAttribute('data-points', '5');
  await expect(dist.locator('.recharts-bar-rectangle')).toHaveCount(ratings.distribution.filter((d: { n: number }) => d.n > 0).length);
  await expect(page.getByTestId('rating-over-time')).toHaveAttribute('data-points', String(ratings.overTime.length));
  const lowestModel = ratings.by.model[0];
  await expect(page.getByTestId('rating-breakdowns')).toContainText(`${lowestModel.avg.toFixed(2)}★`);

  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const costs = await (await page.request.get(`/api/v1/costs?from=${from}&to=${today}`)).json();
  await page.goto('/costs');
  const usd = (v: number) => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  await expect(page.getByTestId('cost-today')).toHaveText(usd(costs.totals.today));
  await expect(page.getByTestId('cost-range')).toHaveText(usd(costs.totals.range));
  const days = new Set(costs.daily.map((d: { t: number }) => d.t)).size;
  await expect(page.getByTestId('daily-costs')).toHaveAttribute('data-points', String(days));
  await expect(page.getByTestId('daily-costs').locator('.recharts-bar-rectangle').first()).toBeAttached();
  expect((await page.request.get('/api/v1/costs?from=2026-13-01&to=2026-01-01')).status()).toBe(400);
});
