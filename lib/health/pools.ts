// Pool health for GET /api/health and the Health page: is each database answering, and how fast.
import { projectPool, sharedPool, type InstrumentedPool } from '@/lib/db/pools';
import { replicas } from '@/lib/db/replicas';
import type { PoolName } from '@/lib/config';
import { traced } from '@/lib/metrics/recorder';
import { saturationSummary, SATURATED_WITHIN_SECONDS, type SaturationSecond } from '@/lib/metrics/saturation';

export interface PoolHealth {
  name: PoolName;
  status: 'healthy' | 'down';
  latencyMs: number | null;
  error?: string;
  total: number;
  idle: number;
  waiting: number;
  max: number;
  /** How long the longest-waiting client has waited for a connection, in ms. */
  oldestWaitMs: number;
  /** This instance's last minute, second by second: peak in use, peak waiting, longest wait. */
  recent: SaturationSecond[];
  /** Full, or making callers wait, within the last SATURATED_WITHIN_SECONDS seconds. */
  saturated: boolean;
  /** The longest wait for a connection within those seconds (finished or still waiting), ms. */
  longestWaitMs: number;
  /** Connections API token traffic may hold at once (the rest are kept for pages and actions). */
  bulkMax: number;
  /** Read replicas only: replay lag, and whether reads go there now (and why not). */
  replica?: { inRotation: boolean; lagMs: number | null; reason: string | null; checkedAt: number | null };
}

export { SATURATED_WITHIN_SECONDS };

// Past this, a client waiting for a connection is worth a banner: the pool is too small or stuck.
export const WAIT_ALERT_MS = 30_000;

const PING_TIMEOUT_MS = 3000;

async function ping(name: PoolHealth['name'], pool: InstrumentedPool): Promise<PoolHealth> {
  const max = pool.options.max ?? 10;
  const oldestWaitMs = Math.round(pool.oldestWaitMs());
  const recent = pool.saturation.seconds(oldestWaitMs);
  const { saturated, longestWaitMs } = saturationSummary(recent, max);
  const base = {
    name,
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waiting(),
    max,
    oldestWaitMs,
    recent,
    saturated,
    longestWaitMs,
    bulkMax: pool.bulkLane.capacity,
  };
  const r = await pool.ping(PING_TIMEOUT_MS, 'health.ping');
  return r.ok
    ? { ...base, status: 'healthy', latencyMs: Math.round(r.ms * 100) / 100 }
    : { ...base, status: 'down', latencyMs: null, error: r.error };
}

export const poolHealth = traced('health.pools', async function poolHealth(): Promise<PoolHealth[]> {
  const shared = sharedPool();
  return Promise.all([
    ping('project', projectPool()),
    ...(shared ? [ping('shared', shared)] : []),
    // The lag is the background check's: every instance measures its own replicas on a timer.
    ...replicas().map(async (r) => ({
      ...(await ping(r.name as PoolName, r.pool)),
      replica: { inRotation: r.inRotation, lagMs: r.lagMs, reason: r.reason, checkedAt: r.checkedAt },
    })),
  ]);
});
