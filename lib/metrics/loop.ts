// The background loop of a console instance: sample each pool every 5 s (and publish its live figures
// for the other instances, lib/metrics/instances.ts), flush the figures every 10 s, prune old minute
// buckets hourly. A database that is down makes a sample "down" and the flush
// wait for the next round; nothing here ever throws into a request.
// The pools are passed in (instrumentation.ts), so metrics never import the database modules.
import type { Queryable } from '@/lib/db/queryable';
import { pruneMetrics, recorder } from './recorder';
import { publishPoolSnapshot, type LivePool } from './instances';

/** What the loop reads of a pool (lib/db/pools.ts's InstrumentedPool has it all). */
export interface SampledPool {
  readonly name: string;
  readonly totalCount: number;
  readonly idleCount: number;
  waiting(): number;
  readonly options: { max?: number };
  ping(timeoutMs: number, operation: string): Promise<{ ok: boolean }>;
}

export const SAMPLE_EVERY_MS = 5_000;
const FLUSH_EVERY_MS = 10_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const PING_TIMEOUT_MS = 2_000;

export async function samplePool(pool: SampledPool): Promise<boolean> {
  const total = pool.totalCount;
  const idle = pool.idleCount;
  const waiting = pool.waiting();
  const down = !(await pool.ping(PING_TIMEOUT_MS, 'recall.ping')).ok;
  recorder.recordPoolSample(pool.name, { inUse: total - idle, idle, waiting, max: pool.options.max ?? 10, down });
  return !down;
}

const globalForLoop = globalThis as unknown as { __recallMetricsLoop?: boolean };

/** pools() and store() are called on every round: a configuration error waits for the next one. */
export function startMetricsLoop(pools: () => (SampledPool & LivePool)[], store: () => Queryable) {
  if (globalForLoop.__recallMetricsLoop) return;
  globalForLoop.__recallMetricsLoop = true;
  const safely = (fn: () => unknown) => () => {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch(() => {});
    } catch {
      // not configured yet, or the database is down: the next round tries again
    }
  };
  setInterval(safely(() => {
    const list = pools();
    // Published first: its figures are read at once, before this round's pings hold connections.
    void publishPoolSnapshot(list).catch(() => {});
    list.forEach((p) => void samplePool(p));
  }), SAMPLE_EVERY_MS).unref();
  setInterval(safely(() => recorder.flush(store())), FLUSH_EVERY_MS).unref();
  setInterval(safely(() => pruneMetrics(store())), PRUNE_EVERY_MS).unref();
}
