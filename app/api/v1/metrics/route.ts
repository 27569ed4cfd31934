import { withAccess } from '@/lib/http/route';
import { poolHealth } from '@/lib/health/pools';
import { recorder } from '@/lib/metrics/recorder';
import { renderPrometheus } from '@/lib/metrics/prometheus';
import { tableStats } from '@/lib/health/db-stats';

export const dynamic = 'force-dynamic';

/** Prometheus text format: pool gauges, per-operation latency histograms, row counts. */
export const GET = withAccess('read', async () => {
  const pools = await poolHealth();
  const tables = pools[0]?.status === 'healthy' ? await tableStats().catch(() => []) : [];
  const body = renderPrometheus({
    pools: pools.map((p) => ({ name: p.name, up: p.status === 'healthy', inUse: p.total - p.idle, idle: p.idle, waiting: p.waiting, max: p.max })),
    operations: recorder.cumulative,
    tables: tables.map((t: { schema: string; table: string; rows: number }) => ({ schema: t.schema, table: t.table, rows: Number(t.rows) })),
  });
  return new Response(body, { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
}, { trustSessionWhenDatabaseDown: true, trustTokenWhenDatabaseDown: true });
