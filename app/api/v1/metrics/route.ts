import { withAccess } from '@/lib/http/route';
import { prometheusText } from '@/lib/metrics/exposition';

export const dynamic = 'force-dynamic';

/** Prometheus text format: pool gauges, replica lag, per-operation latency histograms, row counts, import totals. */
export const GET = withAccess('read', async () => {
  return new Response(await prometheusText(), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
}, { trustSessionWhenDatabaseDown: true, trustTokenWhenDatabaseDown: true });
