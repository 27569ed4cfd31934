'use client';
// Bars for categories or days; several series stack. With `days`, every day of the range gets a slot
// (an empty one where there is no row), so the chart spans the range that was picked.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fillGaps } from './time-axis';

const COLORS = ['#6366f1', '#f59e0b', '#10b981', '#ef4444', '#0ea5e9', '#a855f7', '#64748b'];
const DAY = 86_400_000;

export function Bars({
  data, xKey, series, unit, testId, height = 220, stacked = true, xFormat, counts = false, days,
}: {
  data: Record<string, string | number | null>[];
  xKey: string;
  series: string[];
  /** The values' unit: after each value in the tooltip, and the y axis's name. */
  unit: string;
  testId: string;
  height?: number;
  stacked?: boolean;
  xFormat?: 'day' | 'month';
  /** Whole counts: whole-number ticks. */
  counts?: boolean;
  /** The day range [from, to] (UTC midnights) that the x axis spans. */
  days?: [number, number];
}) {
  const fmt = (v: unknown) => {
    if (xFormat === 'day') return new Date(Number(v)).toISOString().slice(5, 10);
    if (xFormat === 'month') return new Date(Number(v)).toISOString().slice(0, 7);
    return String(v);
  };
  const tooltipLabel = (v: unknown) => (xFormat === 'day' ? `${new Date(Number(v)).toISOString().slice(0, 10)} (UTC)` : fmt(v));
  const rows = days && data.length ? fillGaps(data as { t: number }[], days[0], days[1] + DAY, DAY, series) : data;
  return (
    <div data-testid={testId} data-points={data.length} style={{ height }}>
      {data.length === 0 ? (
        <div className="grid h-full place-items-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-600">No rows yet</div>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey={xKey} tickFormatter={fmt} fontSize={11} stroke="#64748b" tick={{ fill: '#475569' }} minTickGap={12} />
            <YAxis fontSize={11} stroke="#64748b" tick={{ fill: '#475569' }} width={56} allowDecimals={!counts}
              label={{ value: unit, angle: -90, position: 'insideLeft', offset: 8, fontSize: 11, fill: '#475569', style: { textAnchor: 'middle' } }} />
            <Tooltip labelFormatter={tooltipLabel} formatter={(v) => (v === null || v === undefined ? 'none' : `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 4 })} ${unit}`)} />
            {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
            {series.map((s, i) => (
              <Bar key={s} dataKey={s} stackId={stacked ? 'a' : undefined} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
