import { Badge, Card, EmptyState, PageHeader } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';
import { poolHealth } from '@/lib/health';

export const metadata = { title: 'Health' };
export const dynamic = 'force-dynamic';

export default async function HealthPage() {
  await requirePage('read', '/health');
  const pools = await poolHealth();
  return (
    <div className="space-y-6">
      <PageHeader title="Health" description="Each database pool, measured when this page loaded." />
      <div className="grid gap-4 md:grid-cols-2">
        {pools.map((p) => {
          const inUse = p.total - p.idle;
          return (
            <Card key={p.name} title={`${p.name} pool`} actions={<Badge tone={p.status === 'healthy' ? 'green' : 'red'}>{p.status}</Badge>}>
              <dl className="grid grid-cols-3 gap-4 text-sm" data-testid={`pool-${p.name}`}>
                <div>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">SELECT 1</dt>
                  <dd className="mt-1 text-xl font-semibold tabular-nums">{p.latencyMs === null ? '—' : `${p.latencyMs} ms`}</dd>
                </div>
                <div>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">In use / max</dt>
                  <dd className="mt-1 text-xl font-semibold tabular-nums">{inUse} / {p.max}</dd>
                  <div className="mt-2 h-1.5 rounded-full bg-slate-100" aria-hidden>
                    <div className="h-1.5 rounded-full bg-indigo-500" style={{ width: `${Math.min(100, (inUse / p.max) * 100)}%` }} />
                  </div>
                </div>
                <div>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">Waiting</dt>
                  <dd className="mt-1 text-xl font-semibold tabular-nums">{p.waiting}</dd>
                </div>
              </dl>
              {p.error ? <p className="mt-3 text-sm text-rose-700">{p.error}</p> : null}
            </Card>
          );
        })}
      </div>
      <EmptyState title="Live charts are not built yet">
        Pool usage and query latency over time, sessions, slow queries, table and index statistics and maintenance
        arrive with the issue “Health: pool health and query latency on live charts”. Until then this page shows only
        what it measures now. <code>GET /api/health</code> serves the same figures to load balancers.
      </EmptyState>
    </div>
  );
}
