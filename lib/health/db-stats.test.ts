// Against the machine's PostgreSQL 15: real sessions, a real cancel, a real statement timeout.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeDatabase, probeNativeServer, skipNotice, testPool } from '@/lib/testing/database';
import { migrate } from '@/lib/db/migrator';
import { projectPool } from '@/lib/db/pools';
import { requestDbError } from '@/lib/db/errors';
import { recorder } from '@/lib/metrics/recorder';

const skip = skipNotice('database statistics on PostgreSQL 15', (await probeNativeServer()).missingVector);

let db: Awaited<ReturnType<typeof createNativeDatabase>>;
const held: pg.PoolClient[] = [];

beforeAll(async () => {
  if (skip) return;
  db = await createNativeDatabase('recall_stats');
  process.env.DATABASE_URL = db.url;
  process.env.PROJECT_POOL_MAX = '6';
  await migrate(projectPool());
});
afterAll(async () => {
  if (skip) return;
  held.forEach((c) => c.release());
  await projectPool().end();
  await db.drop();
});

const { sessions, signalBackend, tableStats, statements } = await import('./db-stats');
const actor = { id: null, email: 'ops@example.com' };

describe.skipIf(skip)('sessions on a real server', () => {
  it('shows each pool connection as its own backend, grouped by state', async () => {
    for (let i = 0; i < 3; i++) held.push(await projectPool().connect());
    await held[0].query('BEGIN');
    await held[0].query('SELECT 1');
    const s = await sessions();
    const ours = s.all.filter((r) => r.application === 'recall-project');
    expect(ours.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ours.map((r) => r.pid)).size).toBe(ours.length);
    expect(s.byState['idle in transaction']).toBeGreaterThanOrEqual(1);
    expect(s.byState.active).toBeGreaterThanOrEqual(1);
    await held[0].query('ROLLBACK');
  });

  it('cancel really cancels a running query, and is audited', async () => {
    const victim = held[1];
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const running = victim.query('SELECT pg_sleep(30)').then(() => 'finished', (e: Error & { code?: string }) => e.code);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    expect(await signalBackend(actor, rows[0].pid, 'cancel')).toBe(true);
    expect(await running).toBe('57014');
    expect(Date.now() - t0).toBeLessThan(5000);
    const audit = await projectPool().query("SELECT action, target FROM recall.audit_log WHERE action = 'session.cancel'");
    expect(audit.rows).toEqual([{ action: 'session.cancel', target: String(rows[0].pid) }]);
  });

  it('terminate closes the session', async () => {
    const victim = held[2];
    victim.on('error', () => {});
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(await signalBackend(actor, rows[0].pid, 'terminate')).toBe(true);
    await expect(victim.query('SELECT 1')).rejects.toThrow();
    held.splice(2, 1);
    victim.release(true);
  });

  it('refuses a pid that is not a number or not a session', async () => {
    await expect(signalBackend(actor, 'abc', 'cancel')).rejects.toThrow('pid: must be a process id');
    await expect(signalBackend(actor, 999999, 'cancel')).rejects.toThrow('pid: no session 999999');
  });

  it('reads table statistics and says when pg_stat_statements is missing', async () => {
    const tables = await tableStats();
    expect(tables.map((t: { table: string }) => t.table)).toEqual(expect.arrayContaining(['users', 'audit_log']));
    const st = await statements();
    expect(st.available).toBe(false);
  });

  it('counts pg_stat_statements installed but not preloaded as a known state, not an error', async () => {
    await projectPool().query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const before = recorder.cumulative.get('project|health.statements')?.errors ?? 0;
    expect((await statements()).available).toBe(false);
    expect(recorder.cumulative.get('project|health.statements')?.errors ?? 0).toBe(before);
  });
});

describe.skipIf(skip)('statement timeout', () => {
  it('bounds a runaway query and explains it', async () => {
    const pool = testPool(db.url, { statementTimeoutMillis: 200 });
    const err = await pool.query('SELECT pg_sleep(5)').catch((e) => e);
    await pool.end();
    expect(err.code).toBe('57014');
    const clear = requestDbError(err);
    expect(clear?.status).toBe(503);
    expect(clear?.message).toMatch(/^The query ran longer than the statement timeout \(\d+ ms, DB_STATEMENT_TIMEOUT_MS\) and was cancelled\.$/);
  });
});
