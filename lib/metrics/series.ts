// Time series for the Health charts and /api/v1/stats, read from the minute buckets.
import { z } from 'zod';
import { parseInput } from '@/lib/errors';
import { addInto, emptyBuckets, percentile } from './histogram';
import { traced } from './recorder';
import { readDb } from '@/lib/db/replicas';

export const WINDOWS = {
  '15m': { minutes: 15, step: 1 },
  '1h': { minutes: 60, step: 1 },
  '24h': { minutes: 24 * 60, step: 15 },
  '7d': { minutes: 7 * 24 * 60, step: 120 },
} as const;
export type WindowName = keyof typeof WINDOWS;

export const windowInput = z.object({
  window: z.enum(Object.keys(WINDOWS) as [WindowName, ...WindowName[]], { error: `must be one of ${Object.keys(WINDOWS).join(', ')}` }).default('15m'),
});

export interface LatencyPoint {
  t: number;
  calls: number;
  errors: number;
  qps: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface PoolPoint {
  t: number;
  inUse: number;
  inUseMax: number;
  waiting: number;
  waitingMax: number;
  max: number;
  down: boolean;
}

export interface Series {
  window: WindowName;
  stepMinutes: number;
  from: number;
  to: number;
  operations: { operation: string; pool: string; calls: number; errors: number; p50: number | null; p95: number | null; p99: number | null; points: LatencyPoint[] }[];
  totals: LatencyPoint[];
  pools: { pool: string; points: PoolPoint[] }[];
}

// The console's own bookkeeping is left out of the charts: it is not what an operator asks about.
const INTERNAL = ['recall.metrics', 'recall.ping'];

export const readSeries = traced('health.series', async function readSeries(input: unknown): Promise<Series> {
  const { window } = parseInput(windowInput, input);
  const { minutes, step } = WINDOWS[window];
  const stepMs = step * 60_000;
  const to = Math.floor(Date.now() / stepMs) * stepMs + stepMs;
  const from = to - minutes * 60_000;
  const pool = readDb(); // history is read-only: a replica when one is in rotation
  const [q, p] = await Promise.all([
    pool.query(
      `SELECT (floor(extract(epoch FROM minute) * 1000 / $3) * $3)::float8 AS t, pool, operation,
              sum(calls)::float8 AS calls, sum(errors)::float8 AS errors, max(max_ms) AS max_ms,
              array_agg(array_to_string(buckets, ',')) AS buckets
       FROM recall.query_stats WHERE minute >= to_timestamp($1 / 1000.0) AND minute < to_timestamp($2 / 1000.0)
         AND operation <> ALL($4::text[])
       GROUP BY 1, 2, 3 ORDER BY 1`,
      [from, to, stepMs, INTERNAL],
    ),
    pool.query(
      `SELECT (floor(extract(epoch FROM minute) * 1000 / $3) * $3)::float8 AS t, pool,
              sum(in_use_sum)::float8 / greatest(sum(samples), 1) * count(DISTINCT instance) AS in_use,
              max(in_use_max) AS in_use_max, sum(waiting_sum)::float8 / greatest(sum(samples), 1) * count(DISTINCT instance) AS waiting,
              max(waiting_max) AS waiting_max, sum(DISTINCT max_size) AS max_size, sum(down_samples) > 0 AS down
       FROM recall.pool_stats WHERE minute >= to_timestamp($1 / 1000.0) AND minute < to_timestamp($2 / 1000.0)
       GROUP BY 1, 2 ORDER BY 1`,
      [from, to, stepMs],
    ),
  ]);

  const parse = (agg: string[]) => {
    const b = emptyBuckets();
    for (const row of agg) addInto(b, row.split(',').map(Number));
    return b;
  };
  const point = (t: number, calls: number, errors: number, b: number[], maxMs: number): LatencyPoint => ({
    t, calls, errors, qps: calls / (stepMs / 1000),
    p50: percentile(b, 50, maxMs), p95: percentile(b, 95, maxMs), p99: percentile(b, 99, maxMs),
  });

  const ops = new Map<string, { operation: string; pool: string; calls: number; errors: number; maxMs: number; buckets: number[]; points: LatencyPoint[] }>();
  const totals = new Map<number, { calls: number; errors: number; maxMs: number; buckets: number[] }>();
  for (const r of q.rows) {
    const key = `${r.pool}|${r.operation}`;
    let o = ops.get(key);
    if (!o) ops.set(key, (o = { operation: r.operation, pool: r.pool, calls: 0, errors: 0, maxMs: 0, buckets: emptyBuckets(), points: [] }));
    const b = parse(r.buckets);
    o.calls += r.calls;
    o.errors += r.errors;
    o.maxMs = Math.max(o.maxMs, r.max_ms);
    addInto(o.buckets, b);
    o.points.push(point(r.t, r.calls, r.errors, b, r.max_ms));
    const tot = totals.get(r.t) ?? { calls: 0, errors: 0, maxMs: 0, buckets: emptyBuckets() };
    tot.calls += r.calls;
    tot.errors += r.errors;
    tot.maxMs = Math.max(tot.maxMs, r.max_ms);
    addInto(tot.buckets, b);
    totals.set(r.t, tot);
  }
  const pools = new Map<string, PoolPoint[]>();
  for (const r of p.rows) {
    const list = pools.get(r.pool) ?? [];
    list.push({ t: r.t, inUse: r.in_use, inUseMax: r.in_use_max, waiting: r.waiting, waitingMax: r.waiting_max, max: Number(r.max_size), down: r.down });
    pools.set(r.pool, list);
  }
  return {
    window, stepMinutes: step, from, to,
    operations: [...ops.values()]
      .sort((a, b) => b.calls - a.calls)
      .map((o) => ({
        operation: o.operation, pool: o.pool, calls: o.calls, errors: o.errors,
        p50: percentile(o.buckets, 50, o.maxMs), p95: percentile(o.buckets, 95, o.maxMs), p99: percentile(o.buckets, 99, o.maxMs), points: o.points,
      })),
    totals: [...totals.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => point(t, v.calls, v.errors, v.buckets, v.maxMs)),
    pools: [...pools.entries()].map(([pool, points]) => ({ pool, points })),
  };
});
