'use client';
// Pool figures of every console instance that shares the state backend (REDIS_URL), summed, with
// each instance's own and how old its figure is. Without Redis: this instance only, and it says so.
import type { CombinedPools } from '@/lib/metrics/instances';
import { Badge } from '@/components/ui/primitives';

const age = (ms: number) => (ms < 1000 ? 'now' : `${Math.round(ms / 1000)} s ago`);

export function InstancesCard({ data }: { data: CombinedPools }) {
  const names = data.totals.map((t) => t.name);
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="pool-instances" data-shared={data.shared} data-instances={data.instances.length}>
      <header className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-700">Pools across instances</h2>
        <Badge tone={data.shared ? 'blue' : 'slate'}>{data.shared ? `${data.instances.length} live instance${data.instances.length === 1 ? '' : 's'} (Redis)` : 'this instance only'}</Badge>
      </header>
      {!data.shared ? (
        <p className="mb-3 text-sm text-slate-600" data-testid="pool-instances-local">
          Without REDIS_URL each console instance keeps its figures to itself: these are this instance’s only.
        </p>
      ) : null}
      {data.error ? <p className="mb-3 text-sm text-amber-800" data-testid="pool-instances-error">{data.error}</p> : null}
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">In use / max, idle, waiting and the bulk lane of each pool, per instance and summed</caption>
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="py-1 pr-4">Instance</th>
              <th scope="col" className="py-1 pr-4">Figure</th>
              {names.map((n) => <th key={n} scope="col" className="py-1 pr-4">{n}: in use / max · idle · waiting · bulk lane</th>)}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            <tr className="font-semibold" data-testid="pool-instances-total">
              <th scope="row" className="py-1.5 pr-4 text-left">All</th>
              <td className="py-1.5 pr-4 text-slate-500">sum</td>
              {data.totals.map((p) => <Figures key={p.name} p={p} testId={`pool-total-${p.name}`} />)}
            </tr>
            {data.instances.map((i) => (
              <tr key={i.instance} data-testid="pool-instance-row" data-instance={i.instance}>
                <th scope="row" className="py-1.5 pr-4 text-left font-mono text-xs font-normal">{i.instance}{i.self ? <span className="ml-2"><Badge>this one</Badge></span> : null}</th>
                <td className="py-1.5 pr-4 text-slate-500" data-testid="pool-instance-age">{age(i.ageMs)}</td>
                {names.map((n) => {
                  const p = i.pools.find((x) => x.name === n);
                  return p ? <Figures key={n} p={p} /> : <td key={n} className="py-1.5 pr-4 text-slate-400">—</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Figures({ p, testId }: { p: CombinedPools['totals'][number]; testId?: string }) {
  return (
    <td className="py-1.5 pr-4 tabular-nums" data-testid={testId}>
      {p.inUse} / {p.max} · {p.idle} · <span className={p.waiting ? 'text-amber-700' : undefined}>{p.waiting}</span>
      {p.bulk.max ? <span className="text-slate-500"> · {p.bulk.inUse}/{p.bulk.max}{p.bulk.waiting ? ` +${p.bulk.waiting} queued` : ''}</span> : null}
    </td>
  );
}
