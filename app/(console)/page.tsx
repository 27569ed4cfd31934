import Link from 'next/link';
import { Badge, Card, EmptyState, PageHeader, Stat, Table } from '@/components/ui/primitives';
import { formatBytes, formatCount, formatNumber, timeAgo } from '@/components/ui/format';
import { EXACT_COUNT_LIMIT } from '@/lib/db/sql';
import { requirePage } from '@/lib/auth/guard';
import { engineSummary, tableCounts } from '@/lib/overview/overview';
import { listNamespaces } from '@/lib/memories/namespaces';
import { writesPerDay } from '@/lib/agents/agents';
import { Bars } from '@/components/charts/bar-chart';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Overview' };
export const dynamic = 'force-dynamic';

async function OverviewPage() {
  await requirePage('read', '/');
  const [engine, tables, namespaces, writes] = await Promise.all([engineSummary(), tableCounts(), listNamespaces(), writesPerDay(30)]);
  const memoryCount = tables.find((t) => t.schema === 'public' && t.table === 'memory_entries')?.rows ?? 0;
  return (
    <div>
      <PageHeader title="Overview" description="What this console is connected to, and what it holds." />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat
          label="Engine"
          value={engine.kind === 'embedded' ? 'Embedded' : 'Server'}
          hint={engine.location}
          testId="engine-kind"
        />
        <Stat label="PostgreSQL" value={engine.postgres.split(' ')[0]} hint={`pgvector ${engine.pgvector ?? 'not installed'}`} />
        <Stat label="Database size" value={formatBytes(engine.databaseBytes)} />
        <Stat label="Memory entries" value={formatNumber(memoryCount)} hint={`${namespaces.length} namespaces`} testId="memory-count" />
      </div>

      <Card title="Memories written per day (last 30 days)" className="mt-6">
        <Bars testId="writes-per-day" data={writes} xKey="t" series={['created']} unit="entries" xFormat="day" height={180} counts />
      </Card>

      <div className="mt-6 grid gap-6 xl:grid-cols-2">
        <Card title="Namespaces" actions={<Link className="text-sm text-indigo-600 hover:underline" href="/namespaces">All namespaces →</Link>}>
          {namespaces.length === 0 ? (
            <EmptyState title="No memories stored yet">
              Agents store memories in <code>memory_entries</code>, directly or through the console’s <code>/api/v1/memories</code>; <code>npm run db:seed</code> loads demo data.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="overview-namespaces">
              {namespaces.map((n) => {
                const share = memoryCount ? (n.entries / memoryCount) * 100 : 0;
                return (
                  <li key={n.namespace} className="py-2.5">
                    <div className="flex items-center justify-between text-sm">
                      <Link className="font-medium text-slate-800 hover:text-indigo-600" href={`/namespaces/${encodeURIComponent(n.namespace)}`}>
                        {n.namespace}
                      </Link>
                      <span className="tabular-nums text-slate-600">{formatNumber(n.entries)}</span>
                    </div>
                    <div className="mt-1.5 h-1.5 rounded-full bg-slate-100" aria-hidden>
                      <div className="h-1.5 rounded-full bg-indigo-500" style={{ width: `${share}%` }} />
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>

        <Card title="Tables">
          <Table head={['Table', 'Rows', 'Size']} numeric={[1, 2]}>
            {tables.map((t) => (
              <tr key={`${t.schema}.${t.table}`} data-testid={`table-row-${t.schema}.${t.table}`}>
                <td className="px-4 py-2 font-mono text-xs">
                  {t.schema === 'public' ? '' : <span className="text-slate-500">{t.schema}.</span>}
                  {t.table}
                  {t.schema === 'recall' ? <span className="ml-2"><Badge>console</Badge></span> : null}
                </td>
                <td className="num px-4 py-2" data-testid="row-count">
                  {formatCount(t.rows, t.estimated)}
                </td>
                <td className="num px-4 py-2 text-slate-500">{formatBytes(t.bytes)}</td>
              </tr>
            ))}
          </Table>
          <p className="mt-3 text-xs text-slate-500">
            Exact counts; tables over {formatNumber(EXACT_COUNT_LIMIT)} rows show the planner’s estimate (≈ … (estimate)). Updated {timeAgo(new Date())}.
          </p>
        </Card>
      </div>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(OverviewPage);
