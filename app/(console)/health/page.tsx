import { Badge, Card, EmptyState, PageHeader, Table } from '@/components/ui/primitives';
import { formatBytes, formatNumber } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { LinkTabs, TabPanel } from '@/components/ui/link-tabs';
import { LiveHealth } from '@/components/health/live-health';
import { ReloadWhenDatabaseBack } from '@/components/shell/database-status';
import { BackendButtons, MaintenancePanel } from '@/components/health/admin-controls';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { healthTabsFor, loadHealthTab, parseHealthTab, type HealthTabData } from '@/lib/health/tabs';
import type { RedisStatus } from '@/lib/health/redis';
import type { StandbyStatus } from '@/lib/db/replicas';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Health' };
export const dynamic = 'force-dynamic';

const ms = (v: number) => `${Number(v).toLocaleString('en-US', { maximumFractionDigits: v < 10 ? 2 : 0 })} ms`;

type Data<T extends HealthTabData['tab']> = Extract<HealthTabData, { tab: T }>;

async function HealthPage({ searchParams }: { searchParams: Promise<{ tab?: string | string[] }> }) {
  const user = await requirePage('read', '/health');
  const isAdmin = can(user.role, 'admin');
  const tab = parseHealthTab((await searchParams).tab, isAdmin);
  const data = await loadHealthTab(tab);
  return (
    <div className="space-y-6">
      <PageHeader title="Health" description="Pool health and query latency refresh every 5 seconds; sessions, queries, tables and indexes are as of when their tab was opened." />
      <LinkTabs tabs={healthTabsFor(isAdmin)} current={tab} label="Health sections" />
      <TabPanel id={tab}>
        {tab === 'live' ? <LiveTab data={data as Data<'live'> | null} /> : !data ? (
          <div data-testid="database-down">
            <EmptyState title="The database is not answering">This tab fills in by itself once it is back; the pool cards on the Live tab refresh every 5 seconds.</EmptyState>
            <ReloadWhenDatabaseBack />
          </div>
        ) : data.tab === 'sessions' ? <SessionsTab sessions={data.sessions} isAdmin={isAdmin} />
          : data.tab === 'queries' ? <QueriesTab statements={data.statements} />
          : data.tab === 'tables' ? <TablesTab tables={data.tables} indexes={data.indexes} />
          : data.tab === 'maintenance' ? (
            <Card title="Maintenance">
              <MaintenancePanel tables={data.tables} indexes={data.vectorIndexes} />
            </Card>
          ) : null}
      </TabPanel>
    </div>
  );
}

function LiveTab({ data }: { data: Data<'live'> | null }) {
  return (
    <>
      <LiveHealth />
      {data?.redis ? <RedisCard status={data.redis} /> : null}
      {data?.standbys.length ? <StandbyTable standbys={data.standbys} /> : null}
    </>
  );
}

/** Shown when REDIS_URL is set: the shared state backend (rate limits) and how it is doing. */
function RedisCard({ status: r }: { status: RedisStatus }) {
  return (
    <Card title="Redis (shared state)">
      <div className="text-sm" data-testid="redis-card">
        <div className="mb-2 flex items-center gap-2">
          {r.ok ? <Badge tone="green">connected</Badge> : <Badge tone="red">not answering</Badge>}
          <code className="text-xs text-slate-500">{r.url}</code>
        </div>
        {r.ok ? (
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-3 lg:grid-cols-6">
            <div><dt className="text-xs text-slate-500">Latency</dt><dd className="tabular-nums">{ms(r.latencyMs ?? 0)}</dd></div>
            <div><dt className="text-xs text-slate-500">Memory</dt><dd className="tabular-nums">{formatBytes(r.usedMemoryBytes ?? 0)}{r.maxMemoryBytes ? ` of ${formatBytes(r.maxMemoryBytes)}` : ''}</dd></div>
            <div><dt className="text-xs text-slate-500">Keys</dt><dd className="tabular-nums">{formatNumber(r.keys ?? 0)}</dd></div>
            <div><dt className="text-xs text-slate-500">Hit rate</dt><dd className="tabular-nums">{r.hitRate == null ? '—' : `${(r.hitRate * 100).toFixed(1)} %`}</dd></div>
            <div><dt className="text-xs text-slate-500">Clients</dt><dd className="tabular-nums">{r.connectedClients ?? '—'}</dd></div>
            <div><dt className="text-xs text-slate-500">Version</dt><dd>{r.version ?? '—'}</dd></div>
          </dl>
        ) : (
          <p className="text-rose-700">{r.error} — sign-in and token limits are not enforced until it answers again.</p>
        )}
      </div>
    </Card>
  );
}

function SessionsTab({ sessions: s, isAdmin }: { sessions: Data<'sessions'>['sessions']; isAdmin: boolean }) {
  return (
      <Card title={`Sessions (${s.total})`}>
        <div className="mb-3 flex flex-wrap gap-2" data-testid="session-states">
          {Object.entries(s.byState).map(([state, n]) => <Badge key={state} tone={state === 'active' ? 'green' : state.startsWith('idle in') ? 'amber' : 'slate'}>{state}: {n}</Badge>)}
        </div>
        {s.longest.length === 0 ? <p className="text-sm text-slate-500">No query is running right now besides this page’s.</p> : (
          <Table head={['pid', 'State', 'Running for', 'Application', 'Query', ...(isAdmin ? [<span key="a" className="sr-only">Actions</span>] : [])]} numeric={[2]}>
            {s.longest.map((r) => (
              <tr key={r.pid} className="align-top" data-testid="session-row">
                <td className="px-4 py-2 font-mono text-xs">{r.pid}</td>
                <td className="px-4 py-2 text-xs">{r.state}{r.waitEvent ? <div className="text-slate-500">{r.waitEvent}</div> : null}</td>
                <td className="num px-4 py-2 text-xs">{r.seconds === null ? '—' : `${r.seconds.toFixed(1)} s`}</td>
                <td className="px-4 py-2 text-xs">{r.application || '—'}</td>
                <td className="max-w-md px-4 py-2"><code className="line-clamp-2 break-words text-xs">{r.query}</code></td>
                {isAdmin ? <td className="px-4 py-2"><BackendButtons pid={r.pid} /></td> : null}
              </tr>
            ))}
          </Table>
        )}
      </Card>
  );
}

function QueriesTab({ statements: st }: { statements: Data<'queries'>['statements'] }) {
  return (
      <Card title="Slow and frequent queries (pg_stat_statements)">
        {!st.available ? (
          <div className="text-sm text-slate-600" data-testid="statements-missing">
            <p>pg_stat_statements is not enabled on this server. To see slow and frequent queries:</p>
            <ol className="mt-2 list-decimal space-y-1 pl-5">
              <li>add <code>shared_preload_libraries = &apos;pg_stat_statements&apos;</code> to postgresql.conf and restart PostgreSQL;</li>
              <li>run <code>CREATE EXTENSION pg_stat_statements;</code> in this database.</li>
            </ol>
          </div>
        ) : (
          <div className="grid gap-4 xl:grid-cols-2">
            {[['Slowest (mean time)', st.slowest], ['Most frequent', st.frequent]].map(([title, rows]) => (
              <div key={title as string} className="min-w-0">
                <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title as string}</h3>
                <Table head={['Query', 'Calls', 'Mean', 'Total', 'Rows']} numeric={[1, 2, 3, 4]} label={`${title as string} queries`}>
                  {(rows as { query: string; calls: number; mean_ms: number; total_ms: number; rows: number }[]).map((r, i) => (
                    <tr key={i} className="align-top">
                      <td className="max-w-xs px-4 py-2"><code className="line-clamp-2 break-words text-xs">{r.query}</code></td>
                      <td className="num px-4 py-2 text-xs">{formatNumber(r.calls)}</td>
                      <td className="num px-4 py-2 text-xs">{ms(r.mean_ms)}</td>
                      <td className="num px-4 py-2 text-xs">{ms(r.total_ms)}</td>
                      <td className="num px-4 py-2 text-xs">{formatNumber(r.rows)}</td>
                    </tr>
                  ))}
                </Table>
              </div>
            ))}
          </div>
        )}
      </Card>
  );
}

function TablesTab({ tables, indexes }: Omit<Data<'tables'>, 'tab'>) {
  return (
    <>
      <Card title="Tables">
        <Table head={['Table', 'Rows', 'Table', 'Indexes', 'TOAST', 'Seq / index scans', 'Dead tuples', 'Last vacuum', 'Last analyze']} numeric={[1, 2, 3, 4, 5, 6]} label="Table sizes and scans">
          {tables.map((t) => {
            const deadShare = Number(t.rows) + Number(t.dead) > 0 ? Number(t.dead) / (Number(t.rows) + Number(t.dead)) : 0;
            return (
              <tr key={`${t.schema}.${t.table}`} data-testid="table-stat-row">
                <td className="px-4 py-2 font-mono text-xs">{t.schema === 'public' ? '' : <span className="text-slate-500">{t.schema}.</span>}{t.table}</td>
                <td className="num px-4 py-2 text-xs">{formatNumber(Number(t.rows))}</td>
                <td className="num px-4 py-2 text-xs">{formatBytes(Number(t.table_bytes))}</td>
                <td className="num px-4 py-2 text-xs">{formatBytes(Number(t.index_bytes))}</td>
                <td className="num px-4 py-2 text-xs">{formatBytes(Number(t.toast_bytes))}</td>
                <td className="num px-4 py-2 text-xs">{formatNumber(Number(t.seq_scans))} / {formatNumber(Number(t.idx_scans))}</td>
                <td className="num px-4 py-2 text-xs">{formatNumber(Number(t.dead))}{deadShare > 0.2 ? <span className="ml-1"><Badge tone="amber">{Math.round(deadShare * 100)}%</Badge></span> : null}</td>
                <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500"><Time at={t.last_vacuum} relative /></td>
                <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500"><Time at={t.last_analyze} relative /></td>
              </tr>
            );
          })}
        </Table>
      </Card>

      <Card title="Indexes">
        <Table head={['Index', 'Table', 'Type', 'Size', 'Scans', <span key="u" className="sr-only">Usage</span>]} numeric={[3, 4]} label="Index sizes and scans">
          {indexes.map((i) => (
            <tr key={`${i.schema}.${i.index}`} data-testid="index-stat-row">
              <td className="px-4 py-2 font-mono text-xs">{i.index}</td>
              <td className="px-4 py-2 font-mono text-xs text-slate-500">{i.schema}.{i.table}</td>
              <td className="px-4 py-2 text-xs">
                {i.method}
                {i.vector ? <span className="ml-1 text-slate-500">{i.vector.distance} · {Object.entries(i.vector.options).map(([k, v]) => `${k}=${v}`).join(', ') || 'defaults'}</span> : null}
              </td>
              <td className="num px-4 py-2 text-xs">{formatBytes(Number(i.bytes))}</td>
              <td className="num px-4 py-2 text-xs">{formatNumber(Number(i.scans))}</td>
              <td className="px-4 py-2">{i.unused ? <Badge tone="amber">unused</Badge> : null}</td>
            </tr>
          ))}
        </Table>
        <p className="mt-2 text-xs text-slate-500">“Unused”: never scanned since statistics were reset, and not enforcing uniqueness. Every write still pays for it.</p>
      </Card>
    </>
  );
}

function StandbyTable({ standbys }: { standbys: StandbyStatus[] }) {
  return (
    <Card title="Replication (pg_stat_replication on the primary)">
      <Table head={['Standby', 'Address', 'State', 'Sync', 'Replay lag', 'Behind']}>
        {standbys.map((s, i) => (
          <tr key={`${s.name}-${i}`} data-testid="standby-row">
            <td className="px-4 py-2 text-xs">{s.name || '—'}</td>
            <td className="px-4 py-2 font-mono text-xs">{s.clientAddr ?? 'local'}</td>
            <td className="px-4 py-2 text-xs">{s.state}</td>
            <td className="px-4 py-2 text-xs">{s.syncState}</td>
            <td className="px-4 py-2 tabular-nums text-xs">{s.replayLagMs === null ? '—' : ms(s.replayLagMs)}</td>
            <td className="px-4 py-2 tabular-nums text-xs">{s.bytesBehind === null ? '—' : formatBytes(s.bytesBehind)}</td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(HealthPage);
