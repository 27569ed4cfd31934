// Property test over every write endpoint (the real route modules): malformed and hostile bodies,
// path segments and query strings, as an admin session and as a write token. Whatever comes in, the
// answer is never a 5xx, and a refused request (4xx) changes no row.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser } = await import('@/lib/users/users');
const { createToken } = await import('@/lib/tokens/tokens');
const { storeMemory } = await import('@/lib/memories/memories');
const { projectPool } = await import('@/lib/db/pools');

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Endpoint {
  name: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  path: (p: Record<string, string>) => string;
  params: string[];
  handler: Handler;
  multipart?: boolean;
}

// A lone surrogate has no UTF-8 form; the URL is only for show (Next.js passes the decoded params).
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};
const ENDPOINTS: Endpoint[] = [
  { name: 'memories', method: 'POST', path: () => '/api/v1/memories', params: [], handler: (await import('@/app/api/v1/memories/route')).POST as unknown as Handler },
  { name: 'batch', method: 'POST', path: () => '/api/v1/memories/batch', params: [], handler: (await import('@/app/api/v1/memories/batch/route')).POST as unknown as Handler },
  { name: 'search', method: 'POST', path: () => '/api/v1/memories/search', params: [], handler: (await import('@/app/api/v1/memories/search/route')).POST as unknown as Handler },
  { name: 'memory delete', method: 'DELETE', path: (p) => `/api/v1/memories/${enc(p.namespace)}/${enc(p.key)}`, params: ['namespace', 'key'], handler: (await import('@/app/api/v1/memories/[namespace]/[key]/route')).DELETE as unknown as Handler },
  { name: 'embed', method: 'POST', path: (p) => `/api/v1/memories/${enc(p.namespace)}/${enc(p.key)}/embed`, params: ['namespace', 'key'], handler: (await import('@/app/api/v1/memories/[namespace]/[key]/embed/route')).POST as unknown as Handler },
  { name: 'namespace delete', method: 'DELETE', path: (p) => `/api/v1/namespaces/${enc(p.namespace)}`, params: ['namespace'], handler: (await import('@/app/api/v1/namespaces/[namespace]/route')).DELETE as unknown as Handler },
  { name: 'collections', method: 'POST', path: () => '/api/v1/collections', params: [], handler: (await import('@/app/api/v1/collections/route')).POST as unknown as Handler },
  { name: 'index', method: 'POST', path: (p) => `/api/v1/collections/${enc(p.id)}/index`, params: ['id'], handler: (await import('@/app/api/v1/collections/[id]/index/route')).POST as unknown as Handler },
  { name: 'imports', method: 'POST', path: () => '/api/v1/imports', params: [], handler: (await import('@/app/api/v1/imports/route')).POST as unknown as Handler, multipart: true },
  { name: 'import cancel', method: 'POST', path: (p) => `/api/v1/imports/${enc(p.id)}/cancel`, params: ['id'], handler: (await import('@/app/api/v1/imports/[id]/cancel/route')).POST as unknown as Handler },
  { name: 'maintenance', method: 'POST', path: () => '/api/v1/maintenance', params: [], handler: (await import('@/app/api/v1/maintenance/route')).POST as unknown as Handler },
  { name: 'sessions', method: 'POST', path: (p) => `/api/v1/sessions/${enc(p.pid)}`, params: ['pid'], handler: (await import('@/app/api/v1/sessions/[pid]/route')).POST as unknown as Handler },
  { name: 'users', method: 'POST', path: () => '/api/v1/users', params: [], handler: (await import('@/app/api/v1/users/route')).POST as unknown as Handler },
  { name: 'user patch', method: 'PATCH', path: (p) => `/api/v1/users/${enc(p.id)}`, params: ['id'], handler: (await import('@/app/api/v1/users/[id]/route')).PATCH as unknown as Handler },
  { name: 'tokens', method: 'POST', path: () => '/api/v1/tokens', params: [], handler: (await import('@/app/api/v1/tokens/route')).POST as unknown as Handler },
  { name: 'token delete', method: 'DELETE', path: (p) => `/api/v1/tokens/${enc(p.id)}`, params: ['id'], handler: (await import('@/app/api/v1/tokens/[id]/route')).DELETE as unknown as Handler },
];

let engine: EmbeddedEngine;
let token: string;
beforeAll(async () => {
  engine = await startTestDatabase();
  const admin = await createUser(null, { email: 'admin@example.com', role: 'admin', password: 'a long enough password' });
  session.userId = admin.id;
  const actor = { id: admin.id, email: admin.email };
  token = (await createToken(actor, { name: 'fuzz', scope: 'write' })).token;
  await storeMemory(actor, { namespace: 'ns', key: 'k', value: 'v', metadata: { a: 1 } });
}, 180_000);
afterAll(async () => stopTestDatabase(engine));

/** Everything a refused request must leave as it was. */
const snapshot = async () =>
  (await projectPool().query(`SELECT
    (SELECT count(*) || '/' || coalesce(max(id), 0) || '/' || coalesce(max(updated_at)::text, '') FROM memory_entries) AS memories,
    (SELECT count(*) FROM recall.audit_log) AS audit,
    (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM recall.users) AS users,
    (SELECT count(*) || '/' || count(revoked_at) FROM recall.api_tokens) AS tokens,
    (SELECT count(*) FROM recall.import_jobs) AS imports,
    (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS relations`)).rows[0];

// Text with what has broken things before: NUL, lone surrogates, %-sequences, huge numbers, deep JSON.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00', '%00', '%E0%A4%A', '0x10', '07', '1e3', '-1', 'NaN', 'Infinity', '', ' ', 'null', 'ns', 'k',
    'public.memory_entries.embedding', 'public.memory_entries', 'true', '__proto__', 'constructor', "'; DROP TABLE memory_entries; --"),
);
const deepJson = fc.integer({ min: 30, max: 100 }).map((n) => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
});
const value: fc.Arbitrary<unknown> = fc.oneof(
  nasty, fc.double(), fc.integer(), fc.boolean(), fc.constant(null),
  fc.array(nasty, { maxLength: 5 }), fc.array(fc.double(), { maxLength: 5 }), fc.dictionary(nasty, nasty, { maxKeys: 4 }), deepJson,
);
const FIELDS = ['namespace', 'key', 'value', 'embedding', 'metadata', 'tags', 'embed', 'entries', 'text', 'vector', 'like', 'limit', 'min_similarity',
  'distance', 'ef_search', 'collection', 'name', 'dimension', 'm', 'ef_construction', 'kind', 'table', 'index', 'action', 'email', 'role', 'password',
  'disabled', 'scope', '__proto__'];
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc.record({ entries: fc.array(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 }), { maxLength: 4 }) }).map((o) => JSON.stringify(o)),
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('null', '[]', '"x"', '{', '{"a":', '\u0000', '{"metadata":' + '['.repeat(5000)),
  // Nesting in the thousands, written as text (building it as an object would overflow the test's own stack).
  fc.tuple(fc.constantFrom('metadata', 'entries', 'vector', 'tags'), fc.integer({ min: 1000, max: 6000 })).map(([f, n]) =>
    `{"namespace":"ns","key":"deep","value":"v","${f}":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
);
const query = fc.array(fc.tuple(fc.constantFrom('embed', 'confirm_count', 'page', 'x', 'raw'), nasty), { maxLength: 3 });
const contentType = fc.constantFrom('application/json', 'text/plain', 'multipart/form-data', 'multipart/form-data; boundary=B', 'application/x-www-form-urlencoded', '');

function multipartBody(fields: [string, string][], boundary = 'B') {
  return fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"${k === 'file' ? '; filename="f.jsonl"' : ''}\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
}

describe('fuzzing every write endpoint', () => {
  it('never answers 5xx, and a refused request changes nothing', async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS), fc.constantFrom('session', 'token'), fc.dictionary(fc.constantFrom('namespace', 'key', 'id', 'pid'), nasty),
        body, query, contentType, fc.array(fc.tuple(fc.constantFrom('file', 'namespace', 'collection', 'skip_bad', 'format'), nasty), { maxLength: 4 }),
        async (ep, who, rawParams, rawBody, q, ct, form) => {
          const params = Object.fromEntries(ep.params.map((p) => [p, rawParams[p] ?? 'ns']));
          const url = new URL(`http://localhost:3000${ep.path(params)}`);
          for (const [k, v] of q) url.searchParams.append(k, v);
          const headers: Record<string, string> = { origin: 'http://localhost:3000' };
          if (who === 'token') headers.authorization = `Bearer ${token}`;
          let payload: string = rawBody;
          if (ep.multipart && ct.startsWith('multipart/form-data; boundary=')) payload = multipartBody(form);
          if (ct) headers['content-type'] = ct;
          const req = new Request(url, { method: ep.method, headers, body: ep.method === 'DELETE' && !rawBody ? undefined : payload });
          const before = await snapshot();
          const res = await ep.handler(req, { params: Promise.resolve(params) });
          const text = await res.text();
          seen[`${res.status}`] = (seen[`${res.status}`] ?? 0) + 1;
          expect(res.status, `${ep.name} as ${who}: ${text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) expect(await snapshot(), `${ep.name} as ${who} → ${res.status} changed rows: ${text.slice(0, 200)}`).toEqual(before);
        },
      ),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
    console.log('[fuzz] statuses', seen);
  }, 120_000);
});
