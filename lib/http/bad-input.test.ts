// Input that used to reach Postgres and come back as a 500: NUL characters, lone surrogates, bodies
// that are not objects, metadata nested thousands of levels deep. Each is a 400 naming the field and
// the rule, through the real route modules (admin session), and nothing is written.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser } = await import('@/lib/users/users');
const { projectPool } = await import('@/lib/db/pools');
const { storeMemory } = await import('@/lib/memories/memories');
const memoriesRoute = await import('@/app/api/v1/memories/route');
const batchRoute = await import('@/app/api/v1/memories/batch/route');
const searchRoute = await import('@/app/api/v1/memories/search/route');
const memoryRoute = await import('@/app/api/v1/memories/[namespace]/[key]/route');
const namespaceRoute = await import('@/app/api/v1/namespaces/[namespace]/route');
const collectionsRoute = await import('@/app/api/v1/collections/route');
const exportRoute = await import('@/app/api/v1/export/route');
const tokensRoute = await import('@/app/api/v1/tokens/route');
const maintenanceRoute = await import('@/app/api/v1/maintenance/route');

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
  const admin = await createUser(null, { email: 'admin@example.com', role: 'admin', password: 'a long enough password' });
  session.userId = admin.id;
  await storeMemory({ id: admin.id, email: admin.email }, { namespace: 'kept', key: 'k', value: 'v' });
});
afterAll(async () => stopTestDatabase(engine));

const snapshot = async () =>
  (await projectPool().query(`SELECT (SELECT count(*) FROM memory_entries) AS m, (SELECT count(*) FROM recall.audit_log) AS a,
    (SELECT count(*) FROM recall.api_tokens) AS t, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') AS tables`)).rows[0];

const post = (path: string, body: string) =>
  new Request(`http://localhost:3000${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

async function expect400(res: Response, field: string, rule: RegExp) {
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(400);
  expect(body.error.field).toBe(field);
  expect(body.error.message).toMatch(rule);
}

const NUL = /NUL character/;
const deep = (levels: number) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('JSON bodies', () => {
  it.each([
    ['namespace', { namespace: 'a\u0000b', key: 'k', value: 'v' }, 'namespace', NUL],
    ['key', { namespace: 'n', key: 'k\u0000', value: 'v' }, 'key', NUL],
    ['value', { namespace: 'n', key: 'k', value: '\u0000' }, 'value', NUL],
    ['a tag', { namespace: 'n', key: 'k', value: 'v', tags: ['ok', 'b\u0000d'] }, 'tags.1', NUL],
    ['a metadata value', { namespace: 'n', key: 'k', value: 'v', metadata: { note: 'x\u0000' } }, 'metadata.note', NUL],
    ['a metadata key', { namespace: 'n', key: 'k', value: 'v', metadata: { 'x\u0000': 1 } }, 'metadata', /a key must not contain the NUL/],
    ['a lone surrogate in metadata', { namespace: 'n', key: 'k', value: 'v', metadata: { s: '\ud800' } }, 'metadata.s', /lone UTF-16 surrogate/],
    ['a lone low surrogate in a value', { namespace: 'n', key: 'k', value: 'a\udc00b' }, 'value', /lone UTF-16 surrogate/],
    ['metadata nested 4,100 levels', { namespace: 'n', key: 'k', value: 'v', metadata: deep(4100) }, 'metadata', /nested at most 64 levels/],
    ['metadata nested 40 levels', { namespace: 'n', key: 'k', value: 'v', metadata: deep(40) }, 'metadata', /nested at most 32 levels/],
    ['metadata over 64 KB', { namespace: 'n', key: 'k', value: 'v', metadata: { big: 'x'.repeat(70_000) } }, 'metadata', /at most 65,536 characters/],
  ])('POST /api/v1/memories with NUL/bad text in %s → 400', async (_label, body, field, rule) => {
    const before = await snapshot();
    await expect400(await memoriesRoute.POST(post('/api/v1/memories', JSON.stringify(body)), {}), field, rule);
    expect(await snapshot()).toEqual(before);
  });

  it('well-formed surrogate pairs (emoji) are fine', async () => {
    const res = await memoriesRoute.POST(post('/api/v1/memories', JSON.stringify({ namespace: 'emoji', key: '🙂', value: 'v', metadata: { m: '𝄞' } })), {});
    expect(res.status).toBe(201);
  });

  it.each([['null'], ['[]'], ['"text"'], ['5'], ['true']])('a body of %s where an object is expected → 400 body', async (raw) => {
    const before = await snapshot();
    for (const route of [memoriesRoute, batchRoute, searchRoute, collectionsRoute, tokensRoute, maintenanceRoute]) {
      await expect400(await route.POST(post('/api/v1/x', raw), {}), 'body', /must be a JSON object/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a batch names the entry', async () => {
    const entries = [{ namespace: 'b', key: '1', value: 'v' }, { namespace: 'b', key: '2', value: 'v', metadata: { x: '\u0000' } }];
    const before = await snapshot();
    await expect400(await batchRoute.POST(post('/api/v1/memories/batch', JSON.stringify({ entries })), {}), 'entries.1.metadata.x', NUL);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['like', { like: 'k\u0000' }, 'like'],
    ['namespace', { text: 'hello', namespace: '\u0000' }, 'namespace'],
    ['tags', { text: 'hello', tags: ['\u0000'] }, 'tags.0'],
    ['metadata', { text: 'hello', metadata: { a: '\u0000' } }, 'metadata.a'],
    ['collection', { text: 'hello', collection: 'public.x\u0000.y' }, 'collection'],
  ])('search with NUL in %s → 400', async (_l, body, field) => {
    await expect400(await searchRoute.POST(post('/api/v1/memories/search', JSON.stringify(body)), {}), field, NUL);
  });

  it('a collection or token name with NUL → 400, no table, no token', async () => {
    const before = await snapshot();
    await expect400(await collectionsRoute.POST(post('/api/v1/collections', JSON.stringify({ name: 'x\u0000', dimension: 3 })), {}), 'name', NUL);
    await expect400(await tokensRoute.POST(post('/api/v1/tokens', JSON.stringify({ name: 'ci\u0000', scope: 'read' })), {}), 'name', NUL);
    await expect400(await maintenanceRoute.POST(post('/api/v1/maintenance', JSON.stringify({ kind: 'vacuum', table: 'public.memory_entries\u0000' })), {}), 'table', NUL);
    expect(await snapshot()).toEqual(before);
  });
});

describe('paths and query strings', () => {
  const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

  it('%00 in a path segment (decoded by Next.js into the params) → 400 naming the segment', async () => {
    const before = await snapshot();
    await expect400(await memoryRoute.GET(new Request('http://localhost:3000/api/v1/memories/kept/k%00'), params({ namespace: 'kept', key: 'k\u0000' })), 'key', NUL);
    await expect400(
      await memoryRoute.DELETE(new Request('http://localhost:3000/api/v1/memories/kept%00/k', { method: 'DELETE' }), params({ namespace: 'kept\u0000', key: 'k' })),
      'namespace', NUL,
    );
    await expect400(
      await namespaceRoute.DELETE(new Request('http://localhost:3000/api/v1/namespaces/kept%00?confirm_count=1', { method: 'DELETE' }), params({ namespace: 'kept\u0000' })),
      'namespace', NUL,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('%00 in a query parameter → 400 naming the parameter', async () => {
    await expect400(await exportRoute.GET(new Request('http://localhost:3000/api/v1/export?namespace=kept%00'), {}), 'namespace', NUL);
    await expect400(await memoriesRoute.GET(new Request('http://localhost:3000/api/v1/memories?namespace=kept&text=a%00'), {}), 'text', NUL);
    // URLSearchParams turns a broken UTF-8 sequence into U+FFFD, which Postgres stores: no error at all.
    const broken = await memoriesRoute.GET(new Request('http://localhost:3000/api/v1/memories?namespace=kept&meta_key=%ED%A0%80&text=%E0%A4%A'), {});
    expect(broken.status).toBe(200);
  });
});

describe('the database backstop', () => {
  it('a NUL that reaches Postgres anyway is a 400, not a 500', async () => {
    const { errorResponse } = await import('./route');
    const err = await projectPool().query("SELECT $1::text", ['a\u0000b']).catch((e) => e);
    const res = errorResponse(err);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_text');
  });
});
