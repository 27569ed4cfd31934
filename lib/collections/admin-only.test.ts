// Tables the console manages with admin-only actions stay admin-only whatever the path: a write token
// cannot import into them, build their indexes or create tables under their names; the recall schema
// is never a collection; collection names that are SQL keywords are refused; admins can drop the
// collections created here (typed confirmation with the row count, audited), nothing else.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { prisma, projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser } = await import('@/lib/users/users');
const { createToken } = await import('@/lib/tokens/tokens');
const { getCollection, invalidateCollections, listCollections } = await import('./catalog');
const { createCollection } = await import('./collections');
const importsRoute = await import('@/app/api/v1/imports/route');
const collectionsRoute = await import('@/app/api/v1/collections/route');
const collectionRoute = await import('@/app/api/v1/collections/[id]/route');
const indexRoute = await import('@/app/api/v1/collections/[id]/index/route');

let engine: EmbeddedEngine;
let admin: { id: string; email: string; role: 'admin' };
let writeToken: string;
const TEMPLATES = 'public.templates.embedding';
const vec = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));

beforeAll(async () => {
  engine = await startTestDatabase();
  const u = await createUser(null, { email: 'admin@example.com', role: 'admin', password: 'a long enough password' });
  admin = { id: u.id, email: u.email, role: 'admin' };
  writeToken = (await createToken(admin, { name: 'writer', scope: 'write' })).token;
  await projectPool().query(`INSERT INTO templates (id, artifact_type, name, content) VALUES ('tpl-1', 'prompt', 'kept', 'original')`);
});
afterAll(async () => stopTestDatabase(engine));

type Auth = { token: string } | { session: string } | null;
function headers(auth: Auth, extra: Record<string, string> = {}) {
  session.userId = auth && 'session' in auth ? auth.session : null;
  return { ...(auth && 'token' in auth ? { authorization: `Bearer ${auth.token}` } : {}), ...extra };
}
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

function importRequest(auth: Auth, collection: string, rows: unknown[]) {
  const form = new FormData();
  form.set('collection', collection);
  form.set('file', new File([rows.map((r) => JSON.stringify(r)).join('\n')], 'rows.jsonl'));
  return importsRoute.POST(new Request('http://x/api/v1/imports', { method: 'POST', headers: headers(auth), body: form }), {});
}
const json = (auth: Auth, method: string, body: unknown) =>
  new Request('http://x/api/v1/collections', { method, headers: headers(auth, { 'content-type': 'application/json' }), body: JSON.stringify(body) });

describe('admin-only tables through the generic paths', () => {
  it('a write token cannot import into public.templates (create or overwrite), with a 403 that says why', async () => {
    const rows = [{ id: 'tpl-1', artifact_type: 'prompt', name: 'overwritten', content: 'evil' }, { id: 'tpl-2', artifact_type: 'prompt', name: 'new', content: 'evil', embedding: vec(1536) }];
    const res = await importRequest({ token: writeToken }, TEMPLATES, rows);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe(
      'public.templates is managed with admin-only actions: writing it needs a signed-in admin; an API token cannot (tokens never have the admin role).',
    );
    const { rows: now } = await projectPool().query('SELECT id, name FROM templates ORDER BY id');
    expect(now).toEqual([{ id: 'tpl-1', name: 'kept' }]);
    expect(await prisma().importJob.count()).toBe(0);
  });

  it('a signed-in admin still can', async () => {
    const res = await importRequest({ session: admin.id }, TEMPLATES, [{ id: 'tpl-3', artifact_type: 'prompt', name: 'by admin', content: 'ok' }]);
    expect(res.status).toBe(202);
  });

  it('a write token cannot build or rebuild an index on an admin-only table', async () => {
    const res = await indexRoute.POST(json({ token: writeToken }, 'POST', { distance: 'l2' }), ctx(TEMPLATES));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/^public\.templates is managed with admin-only actions/);
    expect((await getCollection(projectPool(), TEMPLATES, { counts: false })).indexes.map((i) => i.distance)).toEqual(['cosine']);
  });

  it('a write token cannot create a table under an admin-only name, even one that is missing', async () => {
    await projectPool().query('DROP TABLE messages');
    const res = await collectionsRoute.POST(json({ token: writeToken }, 'POST', { name: 'messages', dimension: 3 }), {});
    expect(res.status).toBe(403);
    expect((await projectPool().query("SELECT to_regclass('public.messages') AS t")).rows[0].t).toBeNull();
  });

  it('never lists the recall schema as a collection', async () => {
    await projectPool().query('CREATE TABLE recall.sneaky (id INT PRIMARY KEY, v vector(3))');
    invalidateCollections();
    const ids = (await listCollections(projectPool(), { counts: false })).map((c) => c.id);
    expect(ids).toContain(TEMPLATES);
    expect(ids.filter((id) => id.startsWith('recall.'))).toEqual([]);
    const res = await importRequest({ session: admin.id }, 'recall.sneaky.v', [{ id: 1, v: [1, 0, 0] }]);
    expect(res.status).toBe(404);
  });
});

describe('collection names', () => {
  it.each([
    ['true', 'name: "true" is an SQL keyword (reserved); choose another name'],
    ['null', 'name: "null" is an SQL keyword (reserved); choose another name'],
    ['select', 'name: "select" is an SQL keyword (reserved); choose another name'],
    ['int', 'name: "int" is an SQL keyword (unreserved (cannot be function or type name)); choose another name'],
    ['_', 'name: must contain a letter'],
    ['__', 'name: must contain a letter'],
  ])('refuses %s with a 400', async (name, message) => {
    const res = await collectionsRoute.POST(json({ token: writeToken }, 'POST', { name, dimension: 3 }), {});
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ field: 'name', message });
    expect((await projectPool().query('SELECT to_regclass($1) AS t', [`public."${name}"`])).rows[0].t).toBeNull();
  });

  it('allows an unreserved keyword and ordinary names', async () => {
    const res = await collectionsRoute.POST(json({ token: writeToken }, 'POST', { name: 'content', dimension: 3, index: false }), {});
    expect(res.status).toBe(201);
  });
});

describe('dropping a collection', () => {
  it('needs an admin, a collection created here, and the typed confirmation naming the row count; audited', async () => {
    const id = await createCollection(admin, { name: 'scratch', dimension: 3, index: false });
    await projectPool().query(`INSERT INTO scratch (content, embedding) VALUES ('a', '[1,0,0]'), ('b', '[0,1,0]')`);
    const drop = (auth: Auth, confirm: unknown, target = id) => collectionRoute.DELETE(json(auth, 'DELETE', { confirm }), ctx(target));

    expect((await drop({ token: writeToken }, 'drop public.scratch with 2 rows')).status).toBe(403);
    const wrong = await drop({ session: admin.id }, 'drop public.scratch with 1 rows');
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatchObject({ field: 'confirm', message: 'confirm: type "drop public.scratch with 2 rows" to drop it' });
    const seed = await drop({ session: admin.id }, 'drop public.templates with 2 rows', TEMPLATES);
    expect(seed.status).toBe(403);
    expect((await seed.json()).error.message).toBe('public.templates was not created in this console; only collections created here can be dropped here.');
    expect((await projectPool().query("SELECT to_regclass('public.scratch') AS t")).rows[0].t).not.toBeNull();

    const ok = await drop({ session: admin.id }, 'drop public.scratch with 2 rows');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ dropped: id, rows: 2 });
    expect((await projectPool().query("SELECT to_regclass('public.scratch') AS t")).rows[0].t).toBeNull();
    const log = await prisma().auditLog.findFirstOrThrow({ where: { action: 'collection.drop' } });
    expect(log).toMatchObject({ actorEmail: admin.email, target: 'public.scratch', details: { rows: 2 } });
    expect((await drop({ session: admin.id }, 'drop public.scratch with 2 rows')).status).toBe(404);
  });
});
