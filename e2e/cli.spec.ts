// The `recall` CLI, spawned for real against the console Playwright started (embedded engine, demo data).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

const BASE = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

interface Run { code: number; stdout: string; stderr: string }
function recall(args: string[], env: Record<string, string> = {}, viaNpx = false): Promise<Run> {
  const [cmd, argv] = viaNpx ? ['npx', ['recall', ...args]] : [process.execPath, ['cli/recall.mjs', ...args]];
  return new Promise((resolve) => {
    execFile(cmd, argv, { env: { PATH: process.env.PATH, HOME: process.env.HOME, RECALL_URL: BASE, ...env } as unknown as NodeJS.ProcessEnv, timeout: 120_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

let token = '';
let readToken = '';
async function tokens(page: Page) {
  if (token) return;
  const mk = async (scope: string) => {
    const res = await page.request.post('/api/v1/tokens', { data: { name: `cli e2e ${scope}`, scope } });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };
  token = await mk('write');
  readToken = await mk('read');
}

test.beforeEach(async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await tokens(page);
});

test('npx recall memory search prints the same top 10 as the Search page and the API', async ({ page }) => {
  test.setTimeout(180_000);
  const json = await recall(['memory', 'search', '--query', 'rotate api keys', '--namespace', 'docs', '--json'], { RECALL_TOKEN: readToken }, true);
  expect(json.code).toBe(0);
  expect(json.stderr).not.toContain('recall:');
  const cliHits = (JSON.parse(json.stdout) as { hits: { row: { namespace: string; key: string } }[] }).hits.map((h) => `${h.row.namespace}/${h.row.key}`);
  expect(cliHits).toHaveLength(10);

  const api = await page.request.post('/api/v1/memories/search', { data: { text: 'rotate api keys', namespace: 'docs', min_similarity: 0, explain: false } });
  const apiHits = ((await api.json()) as { hits: { row: { namespace: string; key: string } }[] }).hits.map((h) => `${h.row.namespace}/${h.row.key}`);
  expect(cliHits).toEqual(apiHits);

  await page.goto('/search?q=rotate+api+keys&namespace=docs');
  await expect(page.getByTestId('search-hit')).toHaveCount(10);
  const pageHits = (await page.getByTestId('search-hit').locator('a').allInnerTexts()).map((s) => s.trim());
  expect(cliHits).toEqual(pageHits);

  // The table names the same entries in the same order.
  const human = await recall(['memory', 'search', '--query', 'rotate api keys', '--namespace', 'docs'], { RECALL_TOKEN: readToken });
  expect(human.code).toBe(0);
  const lines = human.stdout.split('\n');
  expect(lines[0]).toMatch(/^#\s+similarity\s+entry\s+value$/);
  const tableHits = lines.slice(2, 12).map((l) => l.trim().split(/\s+/)[2]);
  expect(tableHits).toEqual(pageHits);
  expect(lines[12]).toMatch(/^10 results; [\d.]+ ms in the database/);
});

test('memory store, retrieve, list, count and delete round-trip; errors print the API message and exit 1', async () => {
  test.setTimeout(240_000); // about twenty CLI runs, each a new Node process
  const env = { RECALL_TOKEN: token };
  const stored = await recall(['memory', 'store', '--key', 'cli-key', '--value', 'rotate the signing keys monthly', '--namespace', 'cli-e2e', '--tags', 'ops,keys', '--metadata', '{"source":"cli"}'], env);
  expect(stored).toMatchObject({ code: 0, stdout: 'stored cli-e2e/cli-key (embedded)\n' });
  const again = await recall(['memory', 'store', '--key', 'cli-key', '--value', 'rotate the signing keys weekly', '--namespace', 'cli-e2e', '--tags', 'ops,keys'], env);
  expect(again.stdout).toBe('updated cli-e2e/cli-key (embedded)\n');

  const got = await recall(['memory', 'retrieve', '--key', 'cli-key', '--namespace', 'cli-e2e', '--json'], env);
  const m = (JSON.parse(got.stdout) as { memory: { value: string; tags: string[]; embedding: number[] } }).memory;
  expect(m.value).toBe('rotate the signing keys weekly');
  expect(m.tags).toEqual(['ops', 'keys']);
  expect(m.embedding).toHaveLength(384);
  const human = await recall(['memory', 'retrieve', '--key', 'cli-key', '--namespace', 'cli-e2e'], env);
  expect(human.stdout).toMatch(/^namespace\s+cli-e2e\nkey\s+cli-key\nvalue\s+rotate the signing keys weekly\ntags\s+ops, keys\n/);

  await recall(['memory', 'store', '--key', 'cli-key-2', '--value', 'second', '--namespace', 'cli-e2e', '--no-embed'], env);
  expect((await recall(['memory', 'count', '--namespace', 'cli-e2e'], env)).stdout).toBe('2\n');
  const list = await recall(['memory', 'list', '--namespace', 'cli-e2e', '--tags', 'keys'], env);
  expect(list.stdout).toMatch(/^key\s+tags\s+updated\s+value\n/);
  expect(list.stdout).toContain('cli-key  ');
  expect(list.stdout).not.toContain('cli-key-2');
  expect(list.stdout.trim().split('\n').at(-1)).toBe('1 of 1 (page 1 of 1)');

  const del = await recall(['memory', 'delete', '--key', 'cli-key-2', '--namespace', 'cli-e2e'], env);
  expect(del).toMatchObject({ code: 0, stdout: 'deleted cli-e2e/cli-key-2\n' });
  const gone = await recall(['memory', 'retrieve', '--key', 'cli-key-2', '--namespace', 'cli-e2e'], env);
  expect(gone.code).toBe(1);
  expect(gone.stderr).toMatch(/^recall: .*cli-key-2.*\(HTTP 404\)\n$/);

  // The API's own validation message, naming the field and the rule.
  const bad = await recall(['memory', 'search', '--query', 'x', '--limit', '5000'], env);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/^recall: limit: .+\(HTTP 400\)\n$/);
  const readOnly = await recall(['memory', 'delete', '--key', 'cli-key', '--namespace', 'cli-e2e'], { RECALL_TOKEN: readToken });
  expect(readOnly.code).toBe(1);
  expect(readOnly.stderr).toMatch(/write scope.*\(HTTP 403\)/);
  const badToken = await recall(['memory', 'count'], { RECALL_TOKEN: 'rcl_nope_nope' });
  expect(badToken.code).toBe(1);
  expect(badToken.stderr).toMatch(/^recall: The API token is invalid.*\(HTTP 401\)\n$/); // the API's own sentence
  const noToken = await recall(['memory', 'count']);
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toMatch(/^recall: No API token/);
  const missing = await recall(['memory', 'store', '--key', 'k', '--namespace', 'cli-e2e'], env);
  expect(missing).toMatchObject({ code: 2, stderr: 'recall: --value is required for this command.\n' });
});

test('export a namespace and import it back, with progress; status shows versions and index parameters', async () => {
  test.setTimeout(180_000);
  const env = { RECALL_TOKEN: token };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-cli-'));
  const file = path.join(dir, 'incidents.jsonl');
  const count = Number((await recall(['memory', 'count', '--namespace', 'incidents'], env)).stdout);
  expect(count).toBeGreaterThan(100);
  const exported = await recall(['export', '--namespace', 'incidents', '--vectors', '--output', file], env);
  expect(exported.code).toBe(0);
  expect(exported.stdout).toBe(`exported ${count} rows to ${file}\n`);
  expect(exported.stderr).toContain('export 100 %');
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(count);
  expect((JSON.parse(lines[0]) as { embedding: number[] }).embedding).toHaveLength(384);

  // Into another namespace: the rows' own namespace is dropped, so the target decides (and, as the
  // import refuses them, the export's dates; see lib/imports/memory-import.test.ts).
  const copy = path.join(dir, 'copy.jsonl');
  fs.writeFileSync(copy, lines.map((l) => { const { namespace: _n, created_at: _c, updated_at: _u, ...rest } = JSON.parse(l); return JSON.stringify(rest); }).join('\n') + '\n');
  const imported = await recall(['import', copy, '--namespace', 'cli-copy'], env);
  expect(imported.stderr).toContain('import done');
  expect(imported.code).toBe(0);
  expect(imported.stdout).toMatch(new RegExp(`^imported ${count} of ${count} rows into cli-copy — Imported ${count} row\\(s\\); count check passed\\.\n$`));
  expect((await recall(['memory', 'count', '--namespace', 'cli-copy'], env)).stdout).toBe(`${count}\n`);

  const broken = path.join(dir, 'broken.jsonl');
  fs.writeFileSync(broken, '{"key":"a","value":"x","embedding":[1,2]}\n');
  const refused = await recall(['import', broken, '--namespace', 'cli-copy'], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/line 1: embedding: .*384/);

  const status = await recall(['status', '--json'], env);
  expect(status.code).toBe(0);
  const s = JSON.parse(status.stdout) as { database: { pgvector: string; postgres: string }; pools: { name: string; status: string }[]; collections: { id: string; indexes: { method: string; options: Record<string, string> }[] }[] };
  expect(s.database.pgvector).toMatch(/^0\.\d+\.\d+$/);
  expect(s.pools[0]).toMatchObject({ name: 'project', status: 'healthy' });
  const memory = s.collections.find((c) => c.id === 'public.memory_entries.embedding')!;
  expect(memory.indexes[0]).toMatchObject({ method: 'hnsw', options: { m: '16' } });
  const human = await recall(['status'], env);
  expect(human.stdout).toMatch(/pgvector\s+0\.\d+\.\d+/);
  expect(human.stdout).toMatch(/public\.memory_entries\.embedding\s+\S+\s+384\s+idx_memory_embedding hnsw\/cosine m=16/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('benchmark loads its own collection once, builds the index and compares raw and console search', async () => {
  test.setTimeout(180_000);
  const r = await recall(['benchmark', '--vectors', '300', '--queries', '20', '--json'], { RECALL_TOKEN: token });
  expect(r.stderr).toContain('loaded 300 vectors');
  expect(r.code).toBe(0);
  const f = JSON.parse(r.stdout) as { vectors: number; queries: number; databaseMs: { p50: number }; endToEndMs: { p50: number }; indexSeconds: number | null };
  expect(f).toMatchObject({ vectors: 300, queries: 20 });
  expect(f.indexSeconds).not.toBeNull();
  expect(f.endToEndMs.p50).toBeGreaterThan(f.databaseMs.p50);
  // A second run reuses the loaded collection and its index.
  const again = await recall(['benchmark', '--vectors', '300', '--queries', '10'], { RECALL_TOKEN: token });
  expect(again.code).toBe(0);
  expect(again.stderr).not.toContain('loaded');
  expect(again.stdout).toMatch(/raw search \(in the database\)\s+[\d.]+ ms/);
});
