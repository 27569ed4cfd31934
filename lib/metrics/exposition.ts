// What GET /api/v1/metrics serves: live pool gauges (replicas with their lag), this instance's latency
// histograms, table row estimates and import totals, in Prometheus text format.
import { poolHealth } from '@/lib/health/pools';
import { tableStats } from '@/lib/health/db-stats';
import { readDb } from '@/lib/db/replicas';
import { recorder } from './recorder';
import { renderPrometheus } from './prometheus';

/** Rows written by import jobs per target kind, and jobs per status (one small table, all instances). */
async function importTotals() {
  const { rows } = await readDb().query<{ target_kind: string; status: string; jobs: number; rows: number }>(
    `SELECT target_kind, status, count(*)::int AS jobs, coalesce(sum(processed_rows), 0)::float8 AS rows
     FROM recall.import_jobs GROUP BY target_kind, status`,
  );
  const byKind = new Map<string, number>([['namespace', 0], ['collection', 0]]);
  const byStatus = new Map<string, number>(['validating', 'running', 'done', 'failed', 'cancelled'].map((s) => [s, 0]));
  for (const r of rows) {
    byKind.set(r.target_kind, (byKind.get(r.target_kind) ?? 0) + r.rows);
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.jobs);
  }
  return {
    rows: [...byKind].map(([targetKind, n]) => ({ targetKind, rows: n })),
    jobs: [...byStatus].map(([status, jobs]) => ({ status, jobs })),
  };
}

export async function prometheusText(): Promise<string> {
  const pools = await poolHealth();
  const up = pools[0]?.status === 'healthy';
  const [tables, imports] = up
    ? await Promise.all([tableStats().catch(() => []), importTotals().catch(() => undefined)])
    : [[], undefined];
  return renderPrometheus({
    pools: pools.map((p) => ({
      name: p.name, up: p.status === 'healthy', inUse: p.total - p.idle, idle: p.idle, waiting: p.waiting, max: p.max,
      replica: p.replica && { lagSeconds: p.replica.lagMs === null ? null : p.replica.lagMs / 1000, inRotation: p.replica.inRotation },
    })),
    operations: recorder.cumulative,
    tables: tables.map((t: { schema: string; table: string; rows: number }) => ({ schema: t.schema, table: t.table, rows: Number(t.rows) })),
    imports,
  });
}
