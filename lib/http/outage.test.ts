// A database that stops answering, seen from the real route handlers, page guards and pages: every
// answer is a 503 with Retry-After, read pages trust the signed session's claims, a page that meets
// the outage while rendering redirects to /outage (503) instead of failing with 500, and the metrics
// endpoints keep answering (with a session, or a token verified before the outage) with pools down.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase } from '@/lib/testing/database';
import { DatabaseUnavailableError } from '@/lib/db/errors';

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; role: string } }));
vi.mock('@/lib/auth', () => ({ auth: async () => (session.user ? { user: session.user } : null) }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
// The page's own path, as proxy.ts gives it to every page request.
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-recall-page': '/?window=7d' }) }));

const { createUser } = await import('@/lib/users/users');
const { createToken } = await import('@/lib/tokens/tokens');
const { requirePage } = await import('@/lib/auth/guard');
const { projectPool } = await import('@/lib/db/pools');
const { databaseRecentlyUnreachable, noteDatabaseAnswered, noteDatabaseUnreachable, OUTAGE_NOTICE_MS, resetOutageState } = await import('@/lib/db/outage');
const { outagePage } = await import('@/lib/http/outage-page');
const { outageDocument, outageResponse, safeBackPath } = await import('@/lib/http/outage-document');
const overviewPage = (await import('@/app/(console)/page')).default;
const namespacePage = (await import('@/app/(console)/namespaces/[namespace]/page')).default;
const { isRedirectError } = await import('next/dist/client/components/redirect-error');
const { isHTTPAccessFallbackError } = await import('next/dist/client/components/http-access-fallback/http-access-fallback');
const namespacesRoute = await import('@/app/api/v1/namespaces/route');
const statsRoute = await import('@/app/api/v1/stats/route');
const metricsRoute = await import('@/app/api/v1/metrics/route');

let engine: EmbeddedEngine;
let scrapeToken: string;
let unusedToken: string;

beforeAll(async () => {
  engine = await startTestDatabase();
  const admin = await createUser(null, { email: 'ops@example.com', role: 'admin', password: 'a long enough password' });
  session.user = { id: admin.id, email: admin.email, name: '', role: 'admin' };
  const actor = { id: admin.id, email: admin.email };
  scrapeToken = (await createToken(actor, { name: 'prometheus', scope: 'read' })).token;
  unusedToken = (await createToken(actor, { name: 'never used', scope: 'read' })).token;
  // The scraper's first call, while the database answers.
  const first = await metricsRoute.GET(bearer('/api/v1/metrics', scrapeToken), {});
  expect(first.status).toBe(200);
  expect(await first.text()).toContain('recall_pool_up{pool="project"} 1');
  // The outage: the engine stops; its port refuses connections.
  await engine.stop();
  await projectPool().query('SELECT 1').catch(() => {});
});
afterAll(async () => {
  vi.useRealTimers();
  await projectPool().end().catch(() => {});
});

function bearer(path: string, token: string) {
  return new Request(`http://x${path}`, { headers: { authorization: `Bearer ${token}` } });
}

/** Past verifyToken's own few-second cache, so the database would be asked. */
function later(ms: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + ms });
}

async function pageOutcome(fn: () => Promise<unknown>) {
  try {
    return { user: await fn() };
  } catch (err) {
    return { error: err };
  }
}

describe('during an outage', () => {
  it('read pages trust the signed session; pages that need more say the database is unavailable', async () => {
    expect((await pageOutcome(() => requirePage('read', '/health'))).user).toMatchObject({ email: 'ops@example.com', role: 'admin' });
    expect((await pageOutcome(() => requirePage('admin', '/settings'))).error).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('route handlers answer 503 database_unavailable with Retry-After, never 500', async () => {
    const r = await namespacesRoute.GET(new Request('http://x/api/v1/namespaces'), {});
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');
    expect((await r.json()).error.code).toBe('database_unavailable');
    later(6_000);
    const t = await namespacesRoute.GET(bearer('/api/v1/namespaces', scrapeToken), {});
    expect(t.status).toBe(503); // a token is trusted without the database for metrics only
  });

  it('metrics and stats keep answering with a token verified before the outage: pools down', async () => {
    later(6_000);
    const m = await metricsRoute.GET(bearer('/api/v1/metrics', scrapeToken), {});
    expect(m.status).toBe(200);
    expect(await m.text()).toContain('recall_pool_up{pool="project"} 0');
    const s = await statsRoute.GET(bearer('/api/v1/stats', scrapeToken), {});
    expect(s.status).toBe(200);
    expect((await s.json()).pools[0]).toMatchObject({ name: 'project', status: 'down' });
  });

  it('but not with a token the database never confirmed, nor past the grace period', async () => {
    later(6_000);
    expect((await metricsRoute.GET(bearer('/api/v1/metrics', unusedToken), {})).status).toBe(503);
    later(16 * 60_000);
    expect((await metricsRoute.GET(bearer('/api/v1/metrics', scrapeToken), {})).status).toBe(503);
  });

  it('the session works for the stats endpoint as before', async () => {
    vi.useRealTimers();
    const s = await statsRoute.GET(new Request('http://x/api/v1/stats'), {});
    expect(s.status).toBe(200);
  });
});

describe('pages during an outage (what proxy.ts and lib/http/outage-page.ts answer with)', () => {
  const outcome = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return 'rendered';
    } catch (err) {
      if (isRedirectError(err)) return `redirect ${err.digest.split(';')[2]}`;
      if (isHTTPAccessFallbackError(err)) return `http ${err.digest.split(';')[1]}`;
      return `threw ${(err as Error).message}`;
    }
  };

  it('the pool noted the failure, so the proxy answers pages 503 for the next moments', async () => {
    vi.useRealTimers();
    await projectPool().query('SELECT 1').catch(() => {});
    expect(databaseRecentlyUnreachable()).toBe(true);
    expect(databaseRecentlyUnreachable(Date.now() + OUTAGE_NOTICE_MS + 1)).toBe(false); // then a page asks the database itself
  });

  it('a page that meets the outage while rendering redirects to /outage and back to itself, instead of a 500', async () => {
    // The real Overview: the layout's guard trusts the session, then its queries fail to connect.
    expect(await outcome(() => overviewPage({}))).toBe(`redirect /outage?back=${encodeURIComponent('/?window=7d')}`);
    // A namespace is not "not found" because the database could not be asked.
    expect(await outcome(() => namespacePage({ params: Promise.resolve({ namespace: 'agents' }), searchParams: Promise.resolve({}) }))).toMatch(/^redirect \/outage/);
  });

  it('other errors, 404s and redirects of a page pass through unchanged', async () => {
    const { notFound, redirect } = await import('next/navigation');
    expect(await outcome(() => outagePage(async () => notFound())({}))).toBe('http 404');
    expect(await outcome(() => outagePage(async () => redirect('/login'))({}))).toBe('redirect /login');
    expect(await outcome(() => outagePage(async () => { throw new Error('a bug'); })({}))).toBe('threw a bug');
  });

  it('an answer from the database ends it at once', () => {
    resetOutageState();
    expect(databaseRecentlyUnreachable(1001)).toBe(false);
    noteDatabaseUnreachable(1000);
    expect(databaseRecentlyUnreachable(1001)).toBe(true);
    noteDatabaseAnswered(1002);
    expect(databaseRecentlyUnreachable(1003)).toBe(false);
  });

  it('the outage document: 503, Retry-After, the state shown, and a way back only to this console', async () => {
    const r = outageResponse('/namespaces?page=2', 'n0nce');
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const html = await r.text();
    expect(html).toContain('data-testid="database-down"');
    expect(html).toContain('The database is not answering');
    expect(html).toContain('<script nonce="n0nce">');
    expect(html).toContain('var back = "/namespaces?page=2"');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/a\nb', '/outage?back=/x', '']) {
      expect(safeBackPath(bad), bad).toBe('/');
    }
    const hostile = outageDocument('/x?q=</script><script>alert(1)</script>"', 'n');
    expect(hostile).not.toContain('</script><script>alert(1)');
    expect(hostile).toContain('\\u003c/script>');
    expect(outageResponse('/', 'n', 'HEAD').body).toBeNull();
  });
});
