'use client';
import { Bars } from './bar-chart';
import { TimeChart } from './time-chart';

export function RatingCharts({ distribution, overTime, bucket }: { distribution: { rating: number; n: number }[]; overTime: { t: number; avg: number; n: number }[]; bucket: 'day' | 'week' }) {
  // Buckets without ratings are gaps; the axis runs from the first bucket to the end of the last.
  const step = (bucket === 'week' ? 7 : 1) * 86_400_000;
  const from = overTime[0]?.t ?? Date.now() - step;
  const to = (overTime.at(-1)?.t ?? Date.now()) + step;
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Ratings given</h2>
        <Bars testId="rating-distribution" data={distribution.map((d) => ({ rating: `${d.rating}★`, ratings: d.n }))} xKey="rating" series={['ratings']} unit="ratings" counts />
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="mb-3 flex items-center justify-between text-sm font-semibold text-slate-700">
          Average rating per {bucket}
          <span className="flex gap-2 text-xs font-normal">
            <a aria-current={bucket === 'day' ? 'true' : undefined} className={bucket === 'day' ? 'font-semibold text-slate-900' : 'text-indigo-700 underline'} href="?bucket=day">day</a>
            <a aria-current={bucket === 'week' ? 'true' : undefined} className={bucket === 'week' ? 'font-semibold text-slate-900' : 'text-indigo-700 underline'} href="?bucket=week">week</a>
          </span>
        </h2>
        <TimeChart testId="rating-over-time" data={overTime.map((p) => ({ t: p.t, average: p.avg }))} lines={[{ key: 'average', label: 'average rating', color: '#6366f1' }]}
          unit="★" axisLabel="average ★" stepMs={step} from={from} to={to} yDomain={[1, 5]} yTicks={[1, 2, 3, 4, 5]} />
      </section>
    </div>
  );
}

export function CostCharts({ daily, monthly, by, days }: { daily: { t: number; provider: string; model: string; cost: number }[]; monthly: { t: number; provider: string; model: string; cost: number }[]; by: 'provider' | 'model'; days: [number, number] }) {
  const pivot = (rows: typeof daily, key: 'provider' | 'model') => {
    const byT = new Map<number, Record<string, number>>();
    for (const r of rows) {
      const row = byT.get(r.t) ?? { t: r.t };
      row[r[key]] = (row[r[key]] ?? 0) + r.cost;
      byT.set(r.t, row);
    }
    return [...byT.values()];
  };
  // One sorted series list for both charts, so a provider keeps its colour from one chart to the other.
  const series = [...new Set([...daily, ...monthly].map((r) => r[by]))].sort();
  const d = { data: pivot(daily, by), series };
  const m = { data: pivot(monthly, by), series };
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Daily cost by {by}</h2>
        <Bars testId="daily-costs" data={d.data} xKey="t" series={d.series} unit="USD" xFormat="day" days={days} />
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Monthly cost by {by}</h2>
        <Bars testId="monthly-costs" data={m.data} xKey="t" series={m.series} unit="USD" xFormat="month" />
      </section>
    </div>
  );
}
