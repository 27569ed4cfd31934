// A database that stops answering, seen from the real route handlers and page guards: every answer
// is a 503 with Retry-After, read pages trust the signed session's claims, and the metrics
// endpoints keep answering (with a session, or a token verified before the outage) with pools down.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase } from '@/lib/testing/database';
import { DatabaseUnavailableError } from '@/lib/db/errors';

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; role: string } }));
vi.mock('@/lib/auth', () => ({ auth: async () => (session.user ? { user: session.user } : null) }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser } = await import('@/lib/users/users');
const { createToken } = await import('@/lib/tokens/tokens');
const { requirePage } = await import('@/lib/auth/guard');
const { projectPool } = await import('@/lib/db/pools');
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
