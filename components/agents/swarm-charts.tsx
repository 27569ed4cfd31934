// The whole swarm over a window (the Health page's windows): events per minute by type, tasks
// entering each state, and the agents' metrics. Each empty chart says what fills it.
import Link from 'next/link';
import { Card } from '@/components/ui/primitives';
import { TimeChart } from '@/components/charts/time-chart';
import { WINDOW_LABELS } from '@/components/charts/windows';
import type { SwarmCharts as Charts } from '@/lib/agents/charts';
import type { WindowName } from '@/lib/metrics/series';

const PALETTE = ['#4f46e5', '#059669', '#d97706', '#dc2626', '#0891b2', '#7c3aed', '#94a3b8'];
const TASK_COLOURS: Record<string, string> = { created: '#64748b', started: '#4f46e5', completed: '#059669', failed: '#dc2626', cancelled: '#d97706' };

export function SwarmCharts({ charts }: { charts: Charts }) {
  const { from, to, stepMs } = charts;
  const span = WINDOW_LABELS[charts.window];
  return (
    <section className="space-y-4" data-testid="swarm-charts">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">The swarm over time</h2>
        <div className="flex gap-1 rounded-lg bg-slate-100 p-1" role="tablist" aria-label="Window">
          {(Object.keys(WINDOW_LABELS) as WindowName[]).map((w) => (
            <Link key={w} role="tab" aria-selected={w === charts.window} href={`/agents?window=${w}`} scroll={false}
              className={`rounded-md px-3 py-1 text-sm ${w === charts.window ? 'bg-white font-medium shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}>
              {WINDOW_LABELS[w]}
            </Link>
          ))}
        </div>
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Events per minute, by type">
          <TimeChart testId="swarm-events" data={charts.events} unit="events/min" from={from} to={to} stepMs={stepMs}
            lines={charts.eventTypes.map((t, i) => ({ key: t, label: t, color: PALETTE[i % PALETTE.length], dashed: t === 'other' }))}
            empty={<>No events in the last {span}. Agents record events in the events table (seed 003&apos;s log_event); pick a longer window to look further back.</>} />
        </Card>
        <Card title="Tasks by status change">
          <TimeChart testId="swarm-tasks" data={charts.tasks} unit="tasks" counts from={from} to={to} stepMs={stepMs}
            lines={Object.entries(TASK_COLOURS).map(([key, color]) => ({ key, label: key, color }))}
            empty={<>No task was created, started or finished in the last {span}. Tasks appear once agents create and claim them; pick a longer window to look further back.</>} />
        </Card>
      </div>
      {charts.metrics.length === 0 ? (
        <Card title="Agent metrics">
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600" data-testid="swarm-metrics-empty">
            No metrics in the last {span}. Agents record them with seed 003&apos;s record_metric (the metrics table: type, value, unit); pick a longer window to look further back.
          </p>
        </Card>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          {charts.metrics.map((m) => (
            <Card key={m.type} title={`${m.type} (${m.samples.toLocaleString('en-US')} samples)`}>
              <TimeChart testId="swarm-metric" data={m.points} unit={m.unit} from={from} to={to} stepMs={stepMs}
                lines={[{ key: 'mean', label: 'mean over agents', color: '#4f46e5' }, { key: 'max', label: 'max', color: '#94a3b8', dashed: true }]} />
            </Card>
          ))}
        </div>
      )}
    </section>
  );
}
