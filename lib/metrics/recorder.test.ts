// Operation names on every query, minute roll-ups summed across instances, history kept through a
// failed flush, and pruning after the retention period — against the embedded engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { pruneMetrics, recorder, withOperation } from './recorder';
import { readSeries } from './series';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

const calls = (op: string) => recorder.cumulative.get(`project|${op}`);

describe('query instrumentation', () => {
  it('times every query under the operation it runs in, errors included', async () => {
    await withOperation('test.ok', async () => {
      await projectPool().query('SELECT 1');
      await projectPool().query('SELECT 2');
    });
    await withOperation('test.fail', () => projectPool().query('SELECT no_such_column')).catch(() => {});
    expect(calls('test.ok')).toMatchObject({ calls: 2, errors: 0 });
    expect(calls('test.fail')).toMatchObject({ calls: 1, errors: 1 });
    expect(calls('test.ok')!.totalMs).toBeGreaterThan(0);
  });

  it('counts queries inside transactions and Prisma calls too', async () => {
    const { prisma, withTransaction } = await import('@/lib/db/pools');
    await withOperation('test.tx', () => withTransaction(projectPool(), (c) => c.query('SELECT 1')));
    expect(calls('test.tx')!.calls).toBe(3); // BEGIN, SELECT, COMMIT
    // Prisma's promises are lazy: they must be awaited inside the operation to run in it.
    await withOperation('test.prisma', async () => await prisma().user.count());
    expect(calls('test.prisma')!.calls).toBeGreaterThanOrEqual(1);
  });
});

describe('roll-up to minute buckets', () => {
  it('flushes to the tables, adds what another instance wrote, and reads back as series', async () => {
    await recorder.flush(projectPool());
    for (let i = 0; i < 5; i++) await withOperation('test.series', () => projectPool().query('SELECT pg_sleep(0.002)'));
    await recorder.flush(projectPool());
    // A second instance wrote 10 calls for the same minute and operation.
    await projectPool().query(`INSERT INTO recall.query_stats (minute, pool, operation, calls, errors, total_ms, max_ms, buckets)
      VALUES (date_trunc('minute', now()), 'project', 'test.series', 10, 2, 100, 30, ARRAY[0,0,0,0,10,0,0,0,0,0,0,0,0,0,0,0])
      ON CONFLICT (minute, pool, operation) DO UPDATE SET calls = recall.query_stats.calls + 10, errors = recall.query_stats.errors + 2,
        buckets = ARRAY(SELECT a + b FROM unnest(recall.query_stats.buckets, ARRAY[0,0,0,0,10,0,0,0,0,0,0,0,0,0,0,0]::bigint[]) z(a, b))`);
    const series = await readSeries({ window: '15m' });
    const op = series.operations.find((o) => o.operation === 'test.series')!;
    expect(op.calls).toBe(15);
    expect(op.errors).toBe(2);
    expect(op.p50).toBeGreaterThan(0);
    expect(op.p99).toBeGreaterThanOrEqual(op.p50!);
    expect(op.points.at(-1)!.calls).toBe(15);
    expect(series.operations.some((o) => o.operation === 'recall.metrics')).toBe(false);
  });

  it('keeps figures through a failed flush and writes them on the next', async () => {
    await recorder.flush(projectPool());
    await withOperation('test.kept', () => projectPool().query('SELECT 1'));
    const broken = { query: async () => { throw new Error('database down'); } };
    await expect(recorder.flush(broken as never)).rejects.toThrow('database down');
    expect(recorder.pending().queries).toBeGreaterThan(0);
    await recorder.flush(projectPool());
    const { rows } = await projectPool().query("SELECT sum(calls)::int AS n FROM recall.query_stats WHERE operation = 'test.kept'");
    expect(rows[0].n).toBe(1);
  });

  it('records pool samples per instance and minute', async () => {
    recorder.recordPoolSample('project', { inUse: 2, idle: 1, waiting: 0, max: 8, down: false });
    recorder.recordPoolSample('project', { inUse: 4, idle: 0, waiting: 3, max: 8, down: true });
    await recorder.flush(projectPool());
    const series = await readSeries({ window: '15m' });
    const last = series.pools.find((p) => p.pool === 'project')!.points.at(-1)!;
    expect(last).toMatchObject({ inUse: 3, inUseMax: 4, waiting: 1.5, waitingMax: 3, max: 8, down: true });
  });

  it('prunes buckets older than the retention period', async () => {
    await projectPool().query(`INSERT INTO recall.query_stats (minute, pool, operation, calls, errors, total_ms, max_ms, buckets)
      VALUES (now() - interval '8 days', 'project', 'test.old', 1, 0, 1, 1, ARRAY[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]),
             (now() - interval '6 days', 'project', 'test.recent', 1, 0, 1, 1, ARRAY[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0])`);
    expect(await pruneMetrics(projectPool(), 7)).toBe(1);
    const { rows } = await projectPool().query("SELECT operation FROM recall.query_stats WHERE operation IN ('test.old', 'test.recent') ORDER BY 1");
    expect(rows.map((r) => r.operation)).toEqual(['test.recent']);
    await expect(readSeries({ window: '2h' })).rejects.toThrow('window: must be one of 15m, 1h, 24h, 7d');
  });
});
