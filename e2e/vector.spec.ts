import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

test.beforeEach(async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
});

test('search by text shows ranked results, the plan and recall against exact search', async ({ page }) => {
  await page.goto('/search');
  await page.getByLabel('Text', { exact: true }).fill('rotate the API keys');
  await page.locator('summary', { hasText: 'Options' }).click();
  await page.getByLabel('Compare with exact search (recall@k)').check();
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=rotate\+the\+API\+keys.*exact=1/);
  await expect(page.getByTestId('search-hit')).toHaveCount(10);
  await expect(page.getByTestId('search-hit').first()).toContainText(/rotate/i);
  const sims = await page.getByTestId('similarity').allInnerTexts();
  expect(sims.map(Number)).toEqual([...sims.map(Number)].sort((a, b) => b - a));
  await expect(page.getByTestId('plan-text')).toContainText('Index Scan using idx_memory_embedding');
  await expect(page.getByTestId('recall-value')).toHaveText(/^(0\.\d\d|1\.00)$/);
  await expect(page.getByTestId('db-ms')).toHaveText(/ms$/);

  // The URL holds the query: opening it again gives the same first result.
  const first = await page.getByTestId('search-hit').first().locator('a').innerText();
  await page.goto(page.url());
  await expect(page.getByTestId('search-hit').first().locator('a')).toHaveText(first);
});

test('search by an entry ("more like this") from its page', async ({ page }) => {
  await page.goto('/namespaces/incidents');
  await page.getByTestId('entry-row').first().locator('a').first().click();
  await expect(page.getByTestId('neighbours').locator('li')).toHaveCount(8);
  const key = (await page.locator('h1').innerText()).trim();
  await page.getByRole('link', { name: 'More like this →' }).click();
  await expect(page).toHaveURL(/\/search\?like=\d+/);
  await expect(page.getByTestId('search-hit')).toHaveCount(10);
  await expect(page.getByTestId('search-results')).not.toContainText(`incidents/${key}\n`);
  await expect(page.getByTestId('diagnostics')).toBeVisible();
});

test('create, edit and delete an entry', async ({ page }) => {
  const key = `e2e-${Date.now()}`;
  await page.goto('/memories/new?namespace=e2e_notes');
  const form = page.getByTestId('memory-form');
  await form.getByLabel('Key').fill(key);
  await form.getByRole('textbox', { name: 'Value', exact: true }).fill('The staging database moved to a new host on Friday.');
  await form.getByLabel('Tags').fill('ops, staging');
  await form.getByRole('textbox', { name: /^Metadata/ }).fill('{"source": "e2e"}');
  await form.getByRole('button', { name: 'Create entry' }).click();
  await expect(page).toHaveURL(new RegExp(`/namespaces/e2e_notes/${key}$`));
  await expect(page.getByTestId('entry-value')).toHaveText('The staging database moved to a new host on Friday.');
  await expect(page.getByTestId('entry-vector')).toContainText('384');

  await page.getByRole('link', { name: 'Edit' }).click();
  await form.getByRole('textbox', { name: 'Value', exact: true }).fill('The staging database moved back to the old host.');
  await form.getByRole('textbox', { name: /^Metadata/ }).fill('{not json');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByTestId('action-error')).toHaveText('metadata: not valid JSON');
  await form.getByRole('textbox', { name: /^Metadata/ }).fill('{"source": "e2e", "edited": true}');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('entry-value')).toHaveText('The staging database moved back to the old host.');
  await expect(page.getByTestId('entry-metadata')).toContainText('"edited": true');
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved' })).toHaveText(new RegExp(`Saved “${key}”`));

  // The console's own dialog says what goes; Cancel keeps the entry.
  await page.getByRole('button', { name: 'Delete entry…' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(`This removes the entry ${key} from the namespace e2e_notes`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Delete entry…' }).click();
  await dialog.getByRole('button', { name: 'Delete entry' }).click();
  await expect(page).toHaveURL(/\/namespaces\/e2e_notes$|\/namespaces\/e2e_notes\?/);
  const gone = await page.request.get(`/api/v1/memories/e2e_notes/${key}`);
  expect(gone.status()).toBe(404);
});

test('import a file with one bad row: nothing written, then skip it and see the report', async ({ page }) => {
  const rows = [
    { key: 'imp-1', value: 'first imported note', tags: ['import'] },
    { key: 'imp-2', value: '' },
    { key: 'imp-3', value: 'third imported note', metadata: { n: 3 } },
  ].map((r) => JSON.stringify(r)).join('\n');
  const file = { name: 'notes.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(rows) };

  await page.goto('/import?namespace=e2e_import');
  await page.getByLabel('File').setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-message')).toHaveText('1 row(s) rejected; nothing was imported. Fix them, or import with "skip bad rows".');
  await expect(page.getByTestId('rejected-rows')).toContainText('2value: must not be empty');

  await page.getByLabel('File').setInputFiles(file);
  await page.getByLabel(/Skip bad rows/).check();
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-message')).toHaveText('Imported 2 row(s), skipped 1 bad row(s); count check passed.');
  await expect(page.getByTestId('import-rows')).toHaveText('2 of 2 rows');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  const count = await (await page.request.get('/api/v1/memories/count?namespace=e2e_import')).json();
  expect(count.count).toBe(2);
  // Both runs are in the history, newest first, without reloading the page.
  const history = page.getByTestId('import-job-row');
  await expect(history.first()).toContainText('notes.jsonl');
  await expect(history.first()).toContainText('done');
  await expect(history.nth(1)).toContainText('failed');
});

test('open a collection row; import into a collection from its page: rows are its columns, a bad vector is reported with its line', async ({ page }) => {
  const vector = (seed: number) => Array.from({ length: 768 }, (_, i) => Math.sin(seed + i));
  const rows = [
    { id: 'e2e-cv-1', vector: vector(1), metadata: { source: 'e2e' } },
    { id: 'e2e-cv-2', vector: [1, 2, 3], metadata: {} },
    { id: 'e2e-cv-3', vector: vector(3), metadata: { source: 'e2e' } },
  ].map((r) => JSON.stringify(r)).join('\n');

  await page.goto('/collections/public.patterns.embedding');
  // A row's key opens it: the whole row as JSON, with "more like this".
  const firstRow = page.getByTestId('collection-data-row').first();
  const rowId = (await firstRow.getByRole('link').first().innerText()).trim();
  await firstRow.getByRole('link', { name: rowId, exact: true }).click();
  await expect(page.getByTestId('selected-row')).toContainText(`"id": ${rowId}`);

  await page.goto('/collections/public.content_vectors.vector');
  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/import\?collection=public\.content_vectors\.vector/);
  await expect(page.getByLabel('Into collection')).toHaveValue('public.content_vectors.vector');
  await expect(page.getByTestId('collection-columns')).toContainText('rows are upserted on (id)');
  await page.getByLabel('File').setInputFiles({ name: 'vectors.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(rows) });
  await page.getByLabel(/Skip bad rows/).check();
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-message')).toHaveText('Imported 2 row(s), upserted on (id); skipped 1 bad row(s); count check passed.');
  await expect(page.getByTestId('rejected-rows')).toContainText('2vector: expected 768 dimensions, got 3');
  await expect(page.getByTestId('import-job-row').first()).toContainText('public.content_vectors.vector');

  const exported = await (await page.request.get('/api/v1/export?collection=public.content_vectors.vector&format=jsonl')).text();
  const ids = exported.split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
  expect(ids).toEqual(expect.arrayContaining(['e2e-cv-1', 'e2e-cv-3']));
  expect(ids).not.toContain('e2e-cv-2');
});

test('a token created in Settings calls the API; its scope and revocation hold', async ({ page, playwright }) => {
  await page.goto('/settings/tokens');
  const form = page.getByTestId('create-token-form');
  await form.getByLabel('Name').fill('e2e-reader');
  await form.getByLabel('Scope').selectOption('read');
  await form.getByRole('button', { name: 'Create token' }).click();
  const token = (await form.getByTestId('new-token').innerText()).trim();
  expect(token).toMatch(/^rcl_/);

  const api = await playwright.request.newContext({ baseURL: page.url().replace(/\/settings.*$/, ''), extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const search = await api.post('/api/v1/memories/search', { data: { text: 'connection pool', limit: 3, min_similarity: 0 } });
  expect(search.status()).toBe(200);
  const body = await search.json();
  expect(body.hits).toHaveLength(3);
  expect(body.plan.usedIndex).toBe('idx_memory_embedding');
  const write = await api.post('/api/v1/memories', { data: { namespace: 'x', key: 'y', value: 'z' } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe('forbidden');
  const bad = await api.post('/api/v1/memories/search', { data: { vector: [1, 2, 3] } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toBe('vector: expected 384 dimensions, got 3');

  await page.reload();
  await page.getByTestId('token-row-e2e-reader').getByRole('button', { name: 'Revoke…' }).click();
  await page.getByTestId('token-row-e2e-reader').getByTestId('confirm-dialog').getByRole('button', { name: 'Revoke e2e-reader' }).click();
  // It moves out of the active list into the collapsed "Revoked tokens" record.
  await page.getByText(/^Revoked tokens \(\d+\)/).click();
  await expect(page.getByTestId('token-row-e2e-reader')).toBeVisible();
  await expect(page.getByTestId('token-row-e2e-reader')).toContainText('revoked');
  await expect(page.getByTestId('token-row-e2e-reader').getByRole('button', { name: /^Revoke/ })).toHaveCount(0);
  expect((await api.get('/api/v1/memories/count')).status()).toBe(401);
  await api.dispose();
});

test('a viewer can search but cannot write', async ({ page, browser }) => {
  const viewer = { email: `v-${Date.now()}@e2e.test`, password: 'viewer-password-123' };
  expect((await page.request.post('/api/v1/users', { data: { ...viewer, role: 'viewer' } })).status()).toBe(201);
  const context = await browser.newContext();
  const vp = await context.newPage();
  await signInFresh(vp, viewer.email, viewer.password);
  await vp.goto('/search?q=dark+mode');
  await expect(vp.getByTestId('search-hit').first()).toBeVisible();
  expect((await vp.goto('/memories/new'))?.status()).toBe(403);
  expect((await vp.goto('/import'))?.status()).toBe(403);
  await vp.goto('/namespaces/docs');
  await expect(vp.getByRole('link', { name: 'New entry' })).toHaveCount(0);
  const store = await vp.request.post('/api/v1/memories', { data: { namespace: 'docs', key: 'sneaky', value: 'x' } });
  expect(store.status()).toBe(403);
  const del = await vp.request.delete('/api/v1/namespaces/docs?confirm_count=650');
  expect(del.status()).toBe(403);
  await context.close();
});
