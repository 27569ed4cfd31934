// Fault injection on the embedded engine, as `npm start` runs it (a supervised child process with
// its data on disk, one pool connection): its process is killed mid-run and the supervisor brings
// it back. Through the real route handlers: no acknowledged write is lost, only 503s while it is
// down (never 500, never a throw, no uncaught exception), writes succeed within 5 s of it being back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSupervisedEngine, type SupervisedEngine } from './embedded-process';
import { byStatus, startLoad, waitUntil } from '@/lib/testing/fault-load';

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; role: string } }));
vi.mock('@/lib/auth', () => ({ auth: async () => (session.user ? { user: session.user } : null) }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-faults-engine-'));
const log: { at: number; line: string }[] = [];
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);
let engine: SupervisedEngine;

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  engine = await startSupervisedEngine({ dataDir, maxConnections: 8, log: (line) => log.push({ at: Date.now(), line }) });
  process.env.DATABASE_URL = engine.url;
  process.env.PROJECT_POOL_MAX = '1'; // as npm start sets it for the embedded engine
  process.env.DB_CONNECT_TIMEOUT_MS = '1000';
  const { migrate } = await import('@/lib/db/migrator');
  const { projectPool } = await import('@/lib/db/pools');
  await migrate(projectPool());
  const { createUser } = await import('@/lib/users/users');
  const admin = await createUser(null, { email: 'faults@example.com', role: 'admin', password: 'a long enough password' });
  session.user = { id: admin.id, email: admin.email, name: '', role: 'admin' };
}, 180_000);

afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  const { projectPool } = await import('@/lib/db/pools');
  await projectPool().end().catch(() => {});
  await engine?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('faults on the embedded engine', () => {
  it('a killed engine mid-run: 0 lost acknowledged writes, only 503s while down, back within 5 s', async () => {
    const memories = await import('@/app/api/v1/memories/route');
    const load = startLoad({
      writers: 3,
      readers: 2,
      write: (key) => memories.POST(new Request('http://x/api/v1/memories', { method: 'POST', body: JSON.stringify({ namespace: 'faults', key, value: `value of ${key}` }) }), {}),
      read: () => memories.GET(new Request('http://x/api/v1/memories?namespace=faults&page_size=5'), {}),
    });
    let report = '';
    try {
      await waitUntil(() => load.acknowledged.length >= 30);
      const pid = engine.pid!;
      process.kill(pid, 'SIGKILL');
      const downAt = Date.now();
      await waitUntil(() => log.some((l) => l.line === 'The embedded database is back.'));
      const upAt = log.find((l) => l.line === 'The embedded database is back.')!.at;
      const acked = load.acknowledged.length;
      await waitUntil(() => load.acknowledged.length > acked + 10);
      // Requests that started once the process was gone and ended before the new one served.
      const during = load.outcomes.filter((o) => o.startedAt >= downAt + 100 && o.endedAt <= upAt);
      const firstBack = load.outcomes.find((o) => o.kind === 'write' && o.startedAt >= upAt && o.status < 300)!;
      report = `killed: ${during.length} responses while down (${upAt - downAt} ms) ${JSON.stringify(byStatus(during))}; first write back ${firstBack.endedAt - upAt} ms after the engine was back`;
      expect(during.length).toBeGreaterThan(0);
      expect(byStatus(during)).toEqual({ 503: during.length });
      expect(firstBack.endedAt - upAt).toBeLessThan(5000);
    } finally {
      await load.stop();
    }
    console.log(`[faults.embedded] ${report}\n[faults.embedded] all: ${load.outcomes.length} responses ${JSON.stringify(byStatus(load.outcomes))}, ${load.acknowledged.length} acknowledged writes`);

    expect(load.thrown).toEqual([]);
    expect(uncaught).toEqual([]);
    expect(Object.keys(byStatus(load.outcomes)).map(Number).filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
    const check = new pg.Client({ connectionString: engine.url });
    await check.connect();
    const { rows } = await check.query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'faults' AND key = ANY($1)", [load.acknowledged]);
    await check.end();
    expect(rows[0].n).toBe(load.acknowledged.length); // 0 lost acknowledged writes
  }, 240_000);
});
