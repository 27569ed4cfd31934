// Every query the console runs is timed under an operation name (collection.search, templates.list, …)
// and its pool. Figures are kept per minute in memory and flushed to recall.query_stats /
// recall.pool_stats, adding to what other instances wrote; a failed flush keeps them for the next.
import { AsyncLocalStorage } from 'node:async_hooks';
import { hostname } from 'node:os';
import type { Queryable } from '@/lib/db/queryable';
import { bucketIndex, emptyBuckets } from './histogram';

// On globalThis: Next.js bundles pages, route handlers and server actions separately, and the pool's
// client (created by whichever came first) must see the operation any of them sets.
const globalForOperation = globalThis as unknown as { __recallOperation?: AsyncLocalStorage<string> };
const operation = (globalForOperation.__recallOperation ??= new AsyncLocalStorage<string>());

/** Runs fn with every query inside it counted under `name`. */
export function withOperation<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return operation.run(name, fn);
}

export const currentOperation = () => operation.getStore() ?? 'other';

/** fn, with every query it runs counted under `name`. */
export function traced<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args: A) => operation.run(name, () => fn(...args));
}

// Recording can be switched off (the overhead benchmark compares both in one run).
let enabled = process.env.RECALL_METRICS !== 'off';
export const setMetricsEnabled = (on: boolean) => {
  enabled = on;
};
export const metricsEnabled = () => enabled;

interface QueryAggregate {
  minute: number;
  pool: string;
  operation: string;
  calls: number;
  errors: number;
  totalMs: number;
  maxMs: number;
  buckets: number[];
}

interface PoolAggregate {
  minute: number;
  pool: string;
  samples: number;
  inUseSum: number;
  inUseMax: number;
  idleSum: number;
  waitingSum: number;
  waitingMax: number;
  maxSize: number;
  downSamples: number;
}

const minuteOf = (t: number) => Math.floor(t / 60_000) * 60_000;

/** Process-lifetime totals for Prometheus (counters there must only grow). */
export interface CumulativeOp {
  calls: number;
  errors: number;
  totalMs: number;
  buckets: number[];
}

class Recorder {
  private queries = new Map<string, QueryAggregate>();
  private pools = new Map<string, PoolAggregate>();
  readonly cumulative = new Map<string, CumulativeOp>();
  readonly instance = `${hostname()}:${process.pid}`;

  recordQuery(pool: string, op: string, ms: number, failed: boolean) {
    const minute = minuteOf(Date.now());
    const key = `${minute}|${pool}|${op}`;
    let a = this.queries.get(key);
    if (!a) {
      a = { minute, pool, operation: op, calls: 0, errors: 0, totalMs: 0, maxMs: 0, buckets: emptyBuckets() };
      this.queries.set(key, a);
    }
    const b = bucketIndex(ms);
    a.calls++;
    a.totalMs += ms;
    if (ms > a.maxMs) a.maxMs = ms;
    a.buckets[b]++;
    if (failed) a.errors++;
    const ckey = `${pool}|${op}`;
    let c = this.cumulative.get(ckey);
    if (!c) {
      c = { calls: 0, errors: 0, totalMs: 0, buckets: emptyBuckets() };
      this.cumulative.set(ckey, c);
    }
    c.calls++;
    c.totalMs += ms;
    c.buckets[b]++;
    if (failed) c.errors++;
  }

  recordPoolSample(pool: string, s: { inUse: number; idle: number; waiting: number; max: number; down: boolean }) {
    const minute = minuteOf(Date.now());
    const key = `${minute}|${pool}`;
    let a = this.pools.get(key);
    if (!a) {
      a = { minute, pool, samples: 0, inUseSum: 0, inUseMax: 0, idleSum: 0, waitingSum: 0, waitingMax: 0, maxSize: s.max, downSamples: 0 };
      this.pools.set(key, a);
    }
    a.samples++;
    a.inUseSum += s.inUse;
    a.inUseMax = Math.max(a.inUseMax, s.inUse);
    a.idleSum += s.idle;
    a.waitingSum += s.waiting;
    a.waitingMax = Math.max(a.waitingMax, s.waiting);
    a.maxSize = s.max;
    if (s.down) a.downSamples++;
  }

  /** Writes what was gathered; on failure puts it back so the next flush carries it. */
  async flush(db: Queryable) {
    const queries = [...this.queries.values()];
    const pools = [...this.pools.values()];
    this.queries = new Map();
    this.pools = new Map();
    if (!queries.length && !pools.length) return;
    try {
      await withOperation('recall.metrics', async () => {
        if (queries.length) {
          await db.query(
            `INSERT INTO recall.query_stats AS q (minute, pool, operation, calls, errors, total_ms, max_ms, buckets)
             SELECT to_timestamp(m / 1000.0), p, o, c, e, t, x, ARRAY(SELECT jsonb_array_elements_text(b::jsonb)::bigint)
             FROM unnest($1::float8[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::float8[], $7::float8[], $8::text[])
               AS u(m, p, o, c, e, t, x, b)
             ON CONFLICT (minute, pool, operation) DO UPDATE SET
               calls = q.calls + EXCLUDED.calls, errors = q.errors + EXCLUDED.errors,
               total_ms = q.total_ms + EXCLUDED.total_ms, max_ms = GREATEST(q.max_ms, EXCLUDED.max_ms),
               buckets = ARRAY(SELECT a + b FROM unnest(q.buckets, EXCLUDED.buckets) AS z(a, b))`,
            [
              queries.map((q) => q.minute), queries.map((q) => q.pool), queries.map((q) => q.operation),
              queries.map((q) => q.calls), queries.map((q) => q.errors), queries.map((q) => q.totalMs),
              queries.map((q) => q.maxMs), queries.map((q) => JSON.stringify(q.buckets)),
            ],
          );
        }
        if (pools.length) {
          await db.query(
            `INSERT INTO recall.pool_stats AS s (minute, instance, pool, samples, in_use_sum, in_use_max, idle_sum, waiting_sum, waiting_max, max_size, down_samples)
             SELECT to_timestamp(m / 1000.0), $1, p, n, us, um, i, ws, wm, mx, d
             FROM unnest($2::float8[], $3::text[], $4::int[], $5::bigint[], $6::int[], $7::bigint[], $8::bigint[], $9::int[], $10::int[], $11::int[])
               AS u(m, p, n, us, um, i, ws, wm, mx, d)
             ON CONFLICT (minute, instance, pool) DO UPDATE SET
               samples = s.samples + EXCLUDED.samples, in_use_sum = s.in_use_sum + EXCLUDED.in_use_sum,
               in_use_max = GREATEST(s.in_use_max, EXCLUDED.in_use_max), idle_sum = s.idle_sum + EXCLUDED.idle_sum,
               waiting_sum = s.waiting_sum + EXCLUDED.waiting_sum, waiting_max = GREATEST(s.waiting_max, EXCLUDED.waiting_max),
               max_size = EXCLUDED.max_size, down_samples = s.down_samples + EXCLUDED.down_samples`,
            [
              this.instance, pools.map((p) => p.minute), pools.map((p) => p.pool), pools.map((p) => p.samples),
              pools.map((p) => p.inUseSum), pools.map((p) => p.inUseMax), pools.map((p) => p.idleSum),
              pools.map((p) => p.waitingSum), pools.map((p) => p.waitingMax), pools.map((p) => p.maxSize),
              pools.map((p) => p.downSamples),
            ],
          );
        }
      });
    } catch (err) {
      this.restore(queries, pools);
      throw err;
    }
  }

  private restore(queries: QueryAggregate[], pools: PoolAggregate[]) {
    for (const q of queries) {
      const key = `${q.minute}|${q.pool}|${q.operation}`;
      const cur = this.queries.get(key);
      if (!cur) this.queries.set(key, q);
      else {
        cur.calls += q.calls;
        cur.errors += q.errors;
        cur.totalMs += q.totalMs;
        cur.maxMs = Math.max(cur.maxMs, q.maxMs);
        q.buckets.forEach((n, i) => (cur.buckets[i] += n));
      }
    }
    for (const p of pools) {
      const key = `${p.minute}|${p.pool}`;
      const cur = this.pools.get(key);
      if (!cur) this.pools.set(key, p);
      else {
        cur.samples += p.samples;
        cur.inUseSum += p.inUseSum;
        cur.inUseMax = Math.max(cur.inUseMax, p.inUseMax);
        cur.idleSum += p.idleSum;
        cur.waitingSum += p.waitingSum;
        cur.waitingMax = Math.max(cur.waitingMax, p.waitingMax);
        cur.downSamples += p.downSamples;
      }
    }
  }

  pending() {
    return { queries: this.queries.size, pools: this.pools.size };
  }
}

const globalForRecorder = globalThis as unknown as { __recallRecorder?: Recorder };
export const recorder: Recorder = (globalForRecorder.__recallRecorder ??= new Recorder());

export const RETENTION_DAYS_DEFAULT = 7;

/** Deletes minute buckets older than the retention period. */
export async function pruneMetrics(db: Queryable, retentionDays = Number(process.env.RECALL_METRICS_RETENTION_DAYS ?? RETENTION_DAYS_DEFAULT)) {
  return withOperation('recall.metrics', async () => {
    const q = await db.query("DELETE FROM recall.query_stats WHERE minute < now() - make_interval(days => $1)", [retentionDays]);
    const p = await db.query("DELETE FROM recall.pool_stats WHERE minute < now() - make_interval(days => $1)", [retentionDays]);
    return (q.rowCount ?? 0) + (p.rowCount ?? 0);
  });
}
