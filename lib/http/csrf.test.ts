// CSRF: real route modules called with Request objects as a browser on another origin would send them,
// with an admin's session (the session lookup is the only thing replaced). Nothing may be written.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser } = await import('@/lib/users/users');
const { createToken } = await import('@/lib/tokens/tokens');
const { projectPool } = await import('@/lib/db/pools');
const { crossSiteProblem } = await import('./csrf');
const usersRoute = await import('@/app/api/v1/users/route');
const memoriesRoute = await import('@/app/api/v1/memories/route');
const maintenanceRoute = await import('@/app/api/v1/maintenance/route');
const importsRoute = await import('@/app/api/v1/imports/route');
const memoryRoute = await import('@/app/api/v1/memories/[namespace]/[key]/route');

let engine: EmbeddedEngine;
let writeToken: string;
const CONSOLE = 'http://localhost:3000';

beforeAll(async () => {
  engine = await startTestDatabase();
  const admin = await createUser(null, { email: 'admin@example.com', role: 'admin', password: 'a long enough password' });
  session.userId = admin.id;
  writeToken = (await createToken({ id: admin.id, email: admin.email }, { name: 'ci', scope: 'write' })).token;
});
afterAll(async () => stopTestDatabase(engine));

const count = async (sql: string) => Number((await projectPool().query(sql)).rows[0].n);
const auditCount = () => count('SELECT count(*) AS n FROM recall.audit_log');

function request(path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit }) {
  return new Request(`${CONSOLE}${path}`, { method: 'POST', ...init });
}

const userBody = (email: string) => JSON.stringify({ email, role: 'admin', password: 'a long enough password' });

describe('a cross-origin request with the admin session cookie is refused, whatever it carries', () => {
  it.each([
    ['another site, text/plain (a plain HTML form)', { origin: 'http://evil.example', 'content-type': 'text/plain' }],
    ['another port on the same host', { origin: 'http://localhost:3001', 'content-type': 'text/plain' }],
    ['a look-alike host', { origin: 'http://localhost.evil.example:3000', 'content-type': 'application/json' }],
    ['an opaque origin (sandboxed frame, data: URL)', { origin: 'null', 'content-type': 'text/plain' }],
    ['Sec-Fetch-Site cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { origin: CONSOLE, 'sec-fetch-site': 'same-site' }],
    ['a foreign Referer and no Origin', { referer: 'http://evil.example/page' }],
  ])('POST /api/v1/users: %s → 403 csrf_refused, no user created', async (_label, headers) => {
    const email = `evil-${Math.random().toString(36).slice(2)}@example.com`;
    const audits = await auditCount();
    const res = await usersRoute.POST(request('/api/v1/users', { headers, body: userBody(email) }), {});
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('csrf_refused');
    expect(await count(`SELECT count(*) AS n FROM recall.users WHERE email = '${email}'`)).toBe(0);
    expect(await auditCount()).toBe(audits);
  });

  it('memories: a text/plain form body is refused and nothing is stored', async () => {
    const res = await memoriesRoute.POST(request('/api/v1/memories', {
      headers: { origin: 'http://localhost:8080', 'content-type': 'text/plain' },
      body: JSON.stringify({ namespace: 'csrf', key: 'k', value: 'v' }),
    }), {});
    expect(res.status).toBe(403);
    expect(await count("SELECT count(*) AS n FROM memory_entries WHERE namespace = 'csrf'")).toBe(0);
  });

  it('maintenance: VACUUM is not run', async () => {
    const audits = await auditCount();
    const res = await maintenanceRoute.POST(request('/api/v1/maintenance', {
      headers: { origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ kind: 'vacuum', table: 'public.memory_entries' }),
    }), {});
    expect(res.status).toBe(403);
    expect(await auditCount()).toBe(audits);
  });

  it('imports: a multipart upload is refused before any job is created', async () => {
    const form = new FormData();
    form.set('file', new File(['{"key":"a","value":"b"}\n'], 'x.jsonl'));
    form.set('namespace', 'csrf');
    const res = await importsRoute.POST(request('/api/v1/imports', { headers: { origin: 'http://evil.example' }, body: form }), {});
    expect(res.status).toBe(403);
    expect(await count('SELECT count(*) AS n FROM recall.import_jobs')).toBe(0);
  });

  it('DELETE is checked too', async () => {
    await projectPool().query("INSERT INTO memory_entries (namespace, key, value) VALUES ('keep', 'k', 'v')");
    const res = await memoryRoute.DELETE(
      request('/api/v1/memories/keep/k', { method: 'DELETE', headers: { origin: 'http://evil.example' } }),
      { params: Promise.resolve({ namespace: 'keep', key: 'k' }) },
    );
    expect(res.status).toBe(403);
    expect(await count("SELECT count(*) AS n FROM memory_entries WHERE namespace = 'keep'")).toBe(1);
  });
});

describe('what still works', () => {
  it('the console itself: same origin, with or without Sec-Fetch-Site', async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: CONSOLE, 'content-type': 'application/json' },
      { origin: CONSOLE, 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'same-origin' },
    ]) {
      const email = `ok-${Math.random().toString(36).slice(2)}@example.com`;
      const res = await usersRoute.POST(request('/api/v1/users', { headers, body: userBody(email) }), {});
      expect(res.status).toBe(201);
    }
  });

  it('the Host header (or the reverse proxy’s X-Forwarded-Host) names the console when no public URL is set', async () => {
    const req = new Request('http://10.0.0.5:3000/api/v1/users', {
      method: 'POST', headers: { host: 'recall.internal', origin: 'https://recall.internal' },
    });
    expect(crossSiteProblem(req, {})).toBeNull();
    const proxied = new Request('http://127.0.0.1:3000/api/v1/users', {
      method: 'POST', headers: { host: '127.0.0.1:3000', 'x-forwarded-host': 'recall.example.com', origin: 'https://recall.example.com' },
    });
    expect(crossSiteProblem(proxied, {})).toBeNull();
  });

  it('RECALL_PUBLIC_URL (or AUTH_URL) decides when set, scheme included', () => {
    const req = (origin: string) => new Request('http://127.0.0.1:3000/api/v1/users', { method: 'POST', headers: { origin } });
    expect(crossSiteProblem(req('https://recall.example.com'), { RECALL_PUBLIC_URL: 'https://recall.example.com/' })).toBeNull();
    expect(crossSiteProblem(req('http://recall.example.com'), { RECALL_PUBLIC_URL: 'https://recall.example.com' })).toMatch(/RECALL_PUBLIC_URL/);
    expect(crossSiteProblem(req('https://recall.example.com'), { AUTH_URL: 'https://recall.example.com/api/auth' })).toBeNull();
    expect(crossSiteProblem(req('http://127.0.0.1:3000'), { AUTH_URL: 'https://recall.example.com' })).not.toBeNull();
  });

  it('GET is never refused; a Bearer token is unaffected by Origin', async () => {
    expect(crossSiteProblem(new Request(`${CONSOLE}/api/v1/users`, { headers: { origin: 'http://evil.example' } }))).toBeNull();
    const res = await memoriesRoute.POST(request('/api/v1/memories', {
      headers: { origin: 'http://evil.example', authorization: `Bearer ${writeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ namespace: 'bearer', key: 'k', value: 'v' }),
    }), {});
    expect(res.status).toBe(201);
  });

  it('a client that sends neither Origin, Sec-Fetch-Site nor Referer (not a browser) is let through to the role check', async () => {
    const res = await usersRoute.POST(request('/api/v1/users', { body: userBody('script@example.com') }), {});
    expect(res.status).toBe(201);
  });
});
