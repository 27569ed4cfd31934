import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { poolHealth, WAIT_ALERT_MS } from '@/lib/health/pools';
import { readSeries } from '@/lib/metrics/series';
import { recorder } from '@/lib/metrics/recorder';
import { allPools, projectPool } from '@/lib/db/pools';
import { combinedPools } from '@/lib/metrics/instances';
import { engineSummary } from '@/lib/overview/overview';

export const dynamic = 'force-dynamic';

/**
 * Live pool health and the time series of the Health page: ?window=15m|1h|24h|7d. The series are read
 * after this instance flushed what it gathered; when the database is down, pools say so and series is null.
 */
export const GET = withAccess('read', async (req) => {
  const window = new URL(req.url).searchParams.get('window') ?? undefined;
  // This instance's pools and, through the shared state backend, every live instance's (Redis only).
  const [pools, instances] = await Promise.all([poolHealth(), combinedPools(allPools())]);
  let series = null;
  let seriesError: string | null = null;
  let database = null;
  if (pools.find((p) => p.name === 'project')?.status === 'healthy') {
    database = await engineSummary().catch(() => null); // engine, PostgreSQL and pgvector versions (recall status)
    await recorder.flush(projectPool()).catch(() => {});
    try {
      series = await readSeries({ window });
    } catch (err) {
      if ((err as { status?: number }).status === 400) throw err;
      seriesError = (err as Error).message;
    }
  }
  return NextResponse.json({
    at: Date.now(),
    pools,
    instances,
    database,
    waitAlert: pools.some((p) => p.oldestWaitMs > WAIT_ALERT_MS),
    series,
    seriesError,
  });
}, { trustSessionWhenDatabaseDown: true, trustTokenWhenDatabaseDown: true });
