// Box selection on the memory map: shift-drag around a point lists it, and "tag selected" puts the
// tag on that entry (shown on the entry's own page). Embedding health shows its figures.
import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

test('shift-drag a box on the map, tag the selection, and the entry carries the tag', async ({ page }) => {
  test.setTimeout(240_000);
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/collections/public.memory_entries.embedding/map?method=pca');
  const canvas = page.getByTestId('map-canvas');
  await expect(canvas).toHaveAttribute('data-points', /^\d{4}$/, { timeout: 60_000 });
  const [x, y] = (await canvas.getAttribute('data-first'))!.split(',').map(Number);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + x - 3, box.y + y - 3);
  await page.mouse.down();
  await page.mouse.move(box.x + x + 3, box.y + y + 3, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Shift');

  const selection = page.getByTestId('map-selection');
  await expect(selection).toContainText(/\d+ selected/);
  const first = selection.locator('li a').first();
  const href = await first.getAttribute('href');
  expect(href).toMatch(/^\/namespaces\//);

  const tag = `boxed-${Date.now() % 100000}`;
  await page.getByLabel('Tag for the selected entries').fill('bad,tag');
  await page.getByRole('button', { name: 'Tag selected' }).click();
  await expect(page.getByTestId('tag-error')).toContainText('tag: must not contain commas');
  await page.getByLabel('Tag for the selected entries').fill(tag);
  await page.getByRole('button', { name: 'Tag selected' }).click();
  await expect(page.getByText(new RegExp(`Tagged \\d+ entr(y|ies) with "${tag}"`))).toBeVisible();

  await page.goto(href!);
  await expect(page.getByText(tag, { exact: true }).first()).toBeVisible();
});

test('embedding health shows each figure and links a non-zero one to its rows', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/collections/public.memory_entries.embedding');
  await page.getByRole('link', { name: 'Embedding health' }).click();
  await expect(page.getByTestId('health-basis')).toContainText(/Exact counts over all [\d,]+ rows/);
  for (const id of ['missing', 'zero', 'unnormalised', 'other_model', 'unrecorded', 'stale', 'expired']) {
    await expect(page.getByTestId(`health-${id}`)).toBeVisible();
  }
  await expect(page.getByTestId('embed-missing')).toBeVisible();
  // Demo rows were not embedded through the console, so their model is not recorded.
  await page.getByTestId('health-unrecorded').getByTestId('figure-link').click();
  await expect(page.getByTestId('row-filter')).toContainText('unrecorded');
  await expect(page.getByTestId('collection-data-row').first()).toBeVisible();
});
