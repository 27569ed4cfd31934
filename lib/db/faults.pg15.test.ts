// Fault injection on a dedicated PostgreSQL 15 (initdb + pg_ctl in a temporary directory, never the
// machine's shared server), through the real route handlers: writers and readers run while the
// server is stopped (sessions terminated, 57P01), started again (57P03 while it starts), and
// crashed (pg_ctl -m immediate, crash recovery on start). Asserted: no acknowledged write is lost,
// the console answers only 503 while the server is down (never 500, never a throw, no uncaught
// exception), and writes succeed again within 5 s of the server accepting connections.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pgInstanceUnavailable, startPgInstance, type PgInstance } from '@/lib/testing/pg-instance';
import { byStatus, startLoad, waitUntil, type Load } from '@/lib/testing/fault-load';

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; role: string } }));
vi.mock('@/lib/auth', () => ({ auth: async () => (session.user ? { user: session.user } : null) }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const unavailable = pgInstanceUnavailable();
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);

let instance: PgInstance;

beforeAll(async () => {
  if (unavailable) return;
  process.on('uncaughtException', onUncaught);
  instance = await startPgInstance();
  process.env.DATABASE_URL = instance.url;
  process.env.PROJECT_POOL_MAX = '8';
  process.env.DB_CONNECT_TIMEOUT_MS = '1000';
  const { migrate } = await import('@/lib/db/migrator');
  const { projectPool } = await import('@/lib/db/pools');
  await migrate(projectPool());
  const { createUser } = await import('@/lib/users/users');
  const admin = await createUser(null, { email: 'faults@example.com', role: 'admin', password: 'a long enough password' });
  session.user = { id: admin.id, email: admin.email, name: '', role: 'admin' };
}, 120_000);

afterAll(async () => {
  if (unavailable) return;
  process.off('uncaughtException', onUncaught);
  const { projectPool } = await import('@/lib/db/pools');
  await projectPool().end().catch(() => {});
  await instance?.destroy();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unavailable)(`faults on a dedicated PostgreSQL 15${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('a stop, a start and a crash mid-run: 0 lost acknowledged writes, only 503s while down, back within 5 s', async () => {
    const memories = await import('@/app/api/v1/memories/route');
    const load: Load = startLoad({
      writers: 5,
      readers: 3,
      write: (key) => memories.POST(new Request('http://x/api/v1/memories', { method: 'POST', body: JSON.stringify({ namespace: 'faults', key, value: `value of ${key}` }) }), {}),
      read: () => memories.GET(new Request('http://x/api/v1/memories?namespace=faults&page_size=5'), {}),
    });
    const report: string[] = [];
    try {
      await waitUntil(() => load.acknowledged.length >= 100);
      for (const mode of ['fast', 'immediate'] as const) {
        await instance.stop(mode);
        const downAt = Date.now();
        await sleep(2000); // the outage
        const upFrom = Date.now();
        await instance.start();
        const upAt = Date.now();
        const acked = load.acknowledged.length;
        await waitUntil(() => load.acknowledged.length > acked + 20);
        const during = load.outcomes.filter((o) => o.startedAt >= downAt && o.endedAt <= upFrom);
        const firstBack = load.outcomes.find((o) => o.kind === 'write' && o.startedAt >= upAt && o.status < 300);
        report.push(`${mode}: ${during.length} responses while down ${JSON.stringify(byStatus(during))}; first write back ${firstBack!.endedAt - upAt} ms after the server accepted connections`);
        expect(during.length).toBeGreaterThan(0);
        expect(byStatus(during)).toEqual({ 503: during.length });
        expect(firstBack!.endedAt - upAt).toBeLessThan(5000);
      }
    } finally {
      await load.stop();
    }
    report.push(`all: ${load.outcomes.length} responses ${JSON.stringify(byStatus(load.outcomes))}, ${load.acknowledged.length} acknowledged writes`);
    console.log(`[faults.pg15] ${report.join('\n[faults.pg15] ')}`);

    expect(load.thrown).toEqual([]);
    expect(uncaught).toEqual([]);
    expect(Object.keys(byStatus(load.outcomes)).map(Number).filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
    const check = new pg.Client({ connectionString: instance.url });
    await check.connect();
    const { rows } = await check.query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'faults' AND key = ANY($1)", [load.acknowledged]);
    await check.end();
    expect(rows[0].n).toBe(load.acknowledged.length); // 0 lost acknowledged writes
  }, 180_000);
});
