// The background loop of a console instance: sample each pool every 5 s, flush the figures every
// 10 s, prune old minute buckets hourly. A database that is down makes a sample "down" and the flush
// wait for the next round; nothing here ever throws into a request.
import type { InstrumentedPool } from '@/lib/db/pools';
import { pruneMetrics, recorder } from './recorder';

export const SAMPLE_EVERY_MS = 5_000;
const FLUSH_EVERY_MS = 10_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const PING_TIMEOUT_MS = 2_000;

export async function samplePool(pool: InstrumentedPool): Promise<boolean> {
  const total = pool.totalCount;
  const idle = pool.idleCount;
  const waiting = pool.waitingCount;
  const down = !(await pool.ping(PING_TIMEOUT_MS, 'recall.ping')).ok;
  recorder.recordPoolSample(pool.name, { inUse: total - idle, idle, waiting, max: pool.options.max ?? 10, down });
  return !down;
}

const globalForLoop = globalThis as unknown as { __recallMetricsLoop?: boolean };

export function startMetricsLoop(pools: () => InstrumentedPool[], store: InstrumentedPool) {
  if (globalForLoop.__recallMetricsLoop) return;
  globalForLoop.__recallMetricsLoop = true;
  setInterval(() => {
    for (const p of pools()) void samplePool(p);
  }, SAMPLE_EVERY_MS).unref();
  setInterval(() => {
    recorder.flush(store).catch(() => {});
  }, FLUSH_EVERY_MS).unref();
  setInterval(() => {
    pruneMetrics(store).catch(() => {});
  }, PRUNE_EVERY_MS).unref();
}
