// Numbers in query strings are plain decimals; CSV exports guard against formula injection unless
// asked for raw cells. Through the real route modules with an admin session.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser } = await import('@/lib/users/users');
const { batchStoreMemories } = await import('@/lib/memories/memories');
const memoriesRoute = await import('@/app/api/v1/memories/route');
const exportRoute = await import('@/app/api/v1/export/route');
const searchRoute = await import('@/app/api/v1/search/route');
const namespaceRoute = await import('@/app/api/v1/namespaces/[namespace]/route');

let engine: EmbeddedEngine;
const VALUES = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', 'plain', 'a=b'];
beforeAll(async () => {
  engine = await startTestDatabase();
  const admin = await createUser(null, { email: 'admin@example.com', role: 'admin', password: 'a long enough password' });
  session.userId = admin.id;
  await batchStoreMemories({ id: admin.id, email: admin.email }, {
    entries: VALUES.map((value, i) => ({ namespace: 'csv', key: `k${i}`, value, metadata: { n: -1 } })),
  });
});
afterAll(async () => stopTestDatabase(engine));

const get = (url: string) => new Request(`http://localhost:3000${url}`);

describe('numbers in query strings', () => {
  it.each([
    ['/api/v1/memories?namespace=csv&page=0x10', 'page'],
    ['/api/v1/memories?namespace=csv&page=07', 'page'],
    ['/api/v1/memories?namespace=csv&page_size=1e3', 'pageSize'],
    ['/api/v1/memories?namespace=csv&page_size=%2010', 'pageSize'],
    ['/api/v1/memories?namespace=csv&page=Infinity', 'page'],
  ])('%s → 400 naming %s', async (url, field) => {
    const res = await memoriesRoute.GET(get(url), {});
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.error.field).toBe(field);
    expect(body.error.message).toBe(`${field}: must be a plain decimal number like 10 or 0.5 (not 0x10, 07 or 1e3)`);
  });

  it('search limits and a namespace delete’s confirm_count too; nothing is deleted', async () => {
    expect((await searchRoute.GET(get('/api/v1/search?q=x&limit=0x10&format=csv'), {})).status).toBe(400);
    expect((await searchRoute.GET(get('/api/v1/search?q=x&min=.5&format=csv'), {})).status).toBe(400);
    const del = await namespaceRoute.DELETE(new Request('http://localhost:3000/api/v1/namespaces/csv?confirm_count=0x8', { method: 'DELETE' }), { params: Promise.resolve({ namespace: 'csv' }) });
    expect(del.status).toBe(400);
    const list = await (await memoriesRoute.GET(get('/api/v1/memories?namespace=csv&page=1&page_size=50'), {})).json();
    expect(list.entries).toHaveLength(VALUES.length);
  });

  it('plain decimals still work', async () => {
    expect((await memoriesRoute.GET(get('/api/v1/memories?namespace=csv&page=1&page_size=10'), {})).status).toBe(200);
    expect((await searchRoute.GET(get('/api/v1/search?q=x&limit=10&min=0.5&format=csv'), {})).status).toBe(200);
  });
});

describe('CSV exports', () => {
  const values = async (url: string) => {
    const text = await (await exportRoute.GET(get(url), {})).text();
    const rows = parse(text, { columns: true }) as { key: string; value: string; metadata: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  };

  it('cells starting with = + - @ tab or CR get a leading apostrophe', async () => {
    const v = await values('/api/v1/export?namespace=csv&format=csv');
    expect(v).toEqual({
      k0: `'${VALUES[0]}`, k1: "'+1+2", k2: "'-2+3", k3: "'@SUM(A1)", k4: "'\tTAB", k5: "'\rCR", k6: 'plain', k7: 'a=b',
    });
  });

  it('?raw=true gives the stored text; JSONL is never changed', async () => {
    const v = await values('/api/v1/export?namespace=csv&format=csv&raw=true');
    expect(Object.values(v).sort()).toEqual([...VALUES].sort());
    const jsonl = await (await exportRoute.GET(get('/api/v1/export?namespace=csv&format=jsonl'), {})).text();
    expect(jsonl.trim().split('\n').map((l) => JSON.parse(l).value).sort()).toEqual([...VALUES].sort());
  });
});
