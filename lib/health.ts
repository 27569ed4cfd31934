// Pool health for GET /api/health and the Health page: is each database answering, and how fast.
import type pg from 'pg';
import { projectPool, sharedPool } from '@/lib/db/pools';

export interface PoolHealth {
  name: 'project' | 'shared';
  status: 'healthy' | 'down';
  latencyMs: number | null;
  error?: string;
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

const PING_TIMEOUT_MS = 3000;

async function ping(name: PoolHealth['name'], pool: pg.Pool): Promise<PoolHealth> {
  const base = {
    name,
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 10,
  };
  const started = performance.now();
  try {
    await Promise.race([
      pool.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)),
    ]);
    return { ...base, status: 'healthy', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (err) {
    return { ...base, status: 'down', latencyMs: null, error: (err as Error).message || 'unreachable' };
  }
}

export async function poolHealth(): Promise<PoolHealth[]> {
  const shared = sharedPool();
  return Promise.all([ping('project', projectPool()), ...(shared ? [ping('shared', shared)] : [])]);
}
