'use client';
// The live part of the Health page: pool cards and charts, refreshed every 5 s (every 2 s while a pool
// is saturated; pausable). Each card shows its pool's last minute second by second. When the database
// stops, the cards turn red and the charts keep the history they had; it recovers by itself.
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '@/lib/client/fetch-json';
import { queryKeys } from '@/lib/client/query-keys';
import { useRef, useState } from 'react';
import { Badge } from '@/components/ui/primitives';
import { TimeChart } from '@/components/charts/time-chart';
import { WINDOW_LABELS } from '@/components/charts/windows';
import type { PoolHealth } from '@/lib/health/pools';
import { SATURATED_WITHIN_SECONDS } from '@/lib/metrics/saturation';
import type { Series, WindowName } from '@/lib/metrics/series';
import type { CombinedPools } from '@/lib/metrics/instances';
import { InstancesCard } from './instances-card';

interface Stats {
  at: number;
  pools: PoolHealth[];
  /** Every live instance's pool figures and their sum (lib/metrics/instances.ts). */
  instances?: CombinedPools;
  waitAlert: boolean;
  series: Series | null;
  seriesError: string | null;
}


// Errors are counted per bucket, so the axis says how long a bucket is.
const stepName = (minutes: number) => (minutes === 1 ? 'minute' : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

export function LiveHealth() {
  const [window, setWindow] = useState<WindowName>('15m');
  const [paused, setPaused] = useState(false);
  const [operation, setOperation] = useState<string | null>(null);
  const lastSeries = useRef<Series | null>(null);
  const { data, error, dataUpdatedAt } = useQuery<Stats>({
    queryKey: queryKeys.stats(window),
    queryFn: () => fetchJson<Stats>(`/api/v1/stats?window=${window}`),
    refetchInterval: (q) => (paused ? false : q.state.data?.pools.some((p) => p.saturated) ? 2000 : 5000),
    refetchIntervalInBackground: false,
  });
  if (data?.series && data.series.window === window) lastSeries.current = data.series;
  const series = lastSeries.current?.window === window ? lastSeries.current : null;
  const ops = series?.operations ?? [];
  const selected = ops.find((o) => o.operation === operation) ?? ops.find((o) => o.operation === 'collection.search') ?? ops[0];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex gap-1 rounded-lg bg-slate-100 p-1" role="tablist" aria-label="Window">
          {(Object.keys(WINDOW_LABELS) as WindowName[]).map((w) => (
            <button key={w} role="tab" aria-selected={w === window} onClick={() => setWindow(w)}
              className={`rounded-md px-3 py-1 text-sm ${w === window ? 'bg-white font-medium shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}>
              {WINDOW_LABELS[w]}
            </button>
          ))}
        </div>
        <div className="flex items-center gap-3 text-xs text-slate-500">
          <span data-testid="updated-at">{dataUpdatedAt ? `Updated ${new Date(dataUpdatedAt).toISOString().slice(11, 19)} UTC` : 'Loading…'}</span>
          <button onClick={() => setPaused((p) => !p)} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 font-medium text-slate-700 hover:bg-slate-50">
            {paused ? '▶ Resume' : '❚❚ Pause'}
          </button>
        </div>
      </div>

      {error ? <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200">The console could not be reached: {(error as Error).message}</p> : null}
      {data?.waitAlert ? (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="wait-alert">
          Clients have waited more than 30 s for a connection. The pool is too small for the load, or connections are held by long queries (see Sessions below).
        </p>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2">
        {(data?.pools ?? []).map((p) => {
          const inUse = p.total - p.idle;
          const up = p.status === 'healthy';
          const saturated = up && p.saturated;
          return (
            <section key={p.name} data-testid={`pool-card-${p.name}`} data-status={p.status} data-saturated={saturated}
              className={`rounded-xl border bg-white p-5 shadow-sm ${!up ? 'border-rose-300 ring-2 ring-rose-200' : saturated ? 'border-amber-300 ring-2 ring-amber-100' : 'border-slate-200'}`}>
              <header className="mb-3 flex items-center justify-between">
                <h2 className="text-sm font-semibold text-slate-700">{p.name} pool</h2>
                <Badge tone={!up ? 'red' : saturated ? 'amber' : 'green'}>{!up ? 'down' : saturated ? 'saturated' : 'healthy'}</Badge>
              </header>
              <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
                <div>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">SELECT 1</dt>
                  <dd className="mt-1 text-xl font-semibold tabular-nums">{p.latencyMs === null ? '—' : `${p.latencyMs} ms`}</dd>
                </div>
                <div>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">In use / max</dt>
                  <dd className="mt-1 text-xl font-semibold tabular-nums">{inUse} / {p.max}</dd>
                  <div className="mt-2 h-1.5 rounded-full bg-slate-100" aria-hidden>
                    <div className={`h-1.5 rounded-full ${inUse >= p.max ? 'bg-amber-500' : 'bg-indigo-500'}`} style={{ width: `${Math.min(100, (inUse / p.max) * 100)}%` }} />
                  </div>
                </div>
                <div>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">Waiting</dt>
                  <dd className="mt-1 text-xl font-semibold tabular-nums" data-testid={`pool-waiting-${p.name}`}>{p.waiting}</dd>
                </div>
                <div>
                  <dt className="text-xs uppercase tracking-wide text-slate-500">Longest wait</dt>
                  <dd className="mt-1 text-xl font-semibold tabular-nums" data-testid={`pool-longest-wait-${p.name}`}>{p.longestWaitMs.toLocaleString('en-US')} ms</dd>
                </div>
              </dl>
              {saturated ? (
                <p className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid={`pool-saturated-${p.name}`}>
                  Saturated in the last {SATURATED_WITHIN_SECONDS} s: up to {Math.max(...p.recent.slice(-SATURATED_WITHIN_SECONDS).map((x) => x.inUse))} of {p.max} connections in use
                  and {Math.max(...p.recent.slice(-SATURATED_WITHIN_SECONDS).map((x) => x.waiting))} callers waiting.
                  {p.bulkMax > 0 && p.bulkMax < p.max ? ` API token traffic holds at most ${p.bulkMax}; the rest are kept for pages and actions.` : p.bulkMax > 0 ? ' Pages and actions go ahead of API token traffic in the queue.' : ''}
                  Raise the pool size (PROJECT_POOL_MAX) if the database has room, or look for long queries under Sessions.
                </p>
              ) : null}
              {up && p.recent.length ? (
                <div className="mt-3">
                  <h3 className="mb-1 text-xs uppercase tracking-wide text-slate-500">Last minute, per second</h3>
                  <TimeChart testId={`pool-live-${p.name}`} unit="connections" counts height={120} stepMs={1000} from={p.recent[0].t} to={p.recent[p.recent.length - 1].t}
                    data={p.recent.map((x) => ({ t: x.t, inUse: x.inUse, waiting: x.waiting, max: p.max }))}
                    lines={[{ key: 'inUse', label: 'in use', color: '#6366f1' }, { key: 'waiting', label: 'waiting', color: '#ef4444' }, { key: 'max', label: 'max', color: '#94a3b8', dashed: true }]} />
                </div>
              ) : null}
              {p.replica ? (
                <p className="mt-3 text-sm text-slate-600" data-testid={`replica-lag-${p.name}`} data-in-rotation={p.replica.inRotation}>
                  Replay lag <span className="font-semibold tabular-nums">{p.replica.lagMs === null ? '—' : `${p.replica.lagMs.toLocaleString('en-US')} ms`}</span>
                  {' · '}
                  {p.replica.inRotation ? 'serving reads' : <span className="text-amber-700">out of rotation: {p.replica.reason}</span>}
                </p>
              ) : null}
              {p.error ? <p className="mt-3 text-sm text-rose-700" data-testid="pool-error">{p.error}</p> : null}
            </section>
          );
        })}
      </div>

      {data?.instances ? <InstancesCard data={data.instances} /> : null}

      {data && !data.series && lastSeries.current ? (
        <p className="text-xs text-slate-500">The database is not answering: the charts show what they had, and refresh once it is back.</p>
      ) : null}

      {series ? (
        <div className="grid gap-6 xl:grid-cols-2">
          <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <header className="mb-3 flex items-center justify-between gap-2">
              <h2 className="text-sm font-semibold text-slate-700">Query latency</h2>
              <select aria-label="Operation" value={selected?.operation ?? ''} onChange={(e) => setOperation(e.target.value)}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs">
                {ops.map((o) => <option key={`${o.pool}|${o.operation}`} value={o.operation}>{o.operation} ({o.calls.toLocaleString('en-US')})</option>)}
              </select>
            </header>
            <TimeChart testId="latency-chart" unit="ms" axisLabel="latency (ms)" stepMs={series.stepMinutes * 60_000} from={series.from} to={series.to}
              data={(selected?.points ?? []).map((p) => ({ t: p.t, p50: p.p50, p95: p.p95, p99: p.p99 }))}
              lines={[{ key: 'p50', label: 'p50', color: '#6366f1' }, { key: 'p95', label: 'p95', color: '#f59e0b' }, { key: 'p99', label: 'p99', color: '#ef4444', dashed: true }]} />
            {selected ? <p className="mt-2 text-xs text-slate-500" data-testid="latency-operation" data-operation={selected.operation}>
              {selected.operation}: {selected.calls.toLocaleString('en-US')} calls, p50 {selected.p50?.toFixed(2)} ms, p95 {selected.p95?.toFixed(2)} ms, p99 {selected.p99?.toFixed(2)} ms{selected.errors ? `, ${selected.errors} errors` : ''}
            </p> : null}
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="mb-3 text-sm font-semibold text-slate-700">Pool usage</h2>
            {series.pools.length === 0 ? <TimeChart testId="pool-chart" unit="" stepMs={series.stepMinutes * 60_000} from={series.from} to={series.to} data={[]} lines={[]} /> : series.pools.map((p) => (
              <TimeChart key={p.pool} testId={`pool-chart-${p.pool}`} unit="connections" counts stepMs={series.stepMinutes * 60_000} from={series.from} to={series.to}
                data={p.points.map((x) => ({ t: x.t, inUse: x.inUse, waiting: x.waiting, max: x.max }))}
                lines={[{ key: 'inUse', label: `${p.pool}: in use`, color: '#6366f1' }, { key: 'waiting', label: 'waiting', color: '#ef4444' }, { key: 'max', label: 'max', color: '#94a3b8', dashed: true }]} />
            ))}
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="mb-3 text-sm font-semibold text-slate-700">Queries per second</h2>
            <TimeChart testId="qps-chart" unit="queries/s" axisLabel="queries / second" stepMs={series.stepMinutes * 60_000} from={series.from} to={series.to}
              data={series.totals.map((p) => ({ t: p.t, qps: p.qps }))} lines={[{ key: 'qps', label: 'all operations', color: '#10b981' }]} />
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="mb-3 text-sm font-semibold text-slate-700">Errors per {stepName(series.stepMinutes)}</h2>
            <TimeChart testId="errors-chart" unit="errors" axisLabel={`errors per ${stepName(series.stepMinutes)}`} counts stepMs={series.stepMinutes * 60_000} from={series.from} to={series.to}
              data={series.totals.map((p) => ({ t: p.t, errors: p.errors }))} lines={[{ key: 'errors', label: 'failed queries', color: '#ef4444' }]} />
          </section>
        </div>
      ) : null}
    </div>
  );
}
