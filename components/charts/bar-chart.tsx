'use client';
// Bars for categories or days; several series stack.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const COLORS = ['#6366f1', '#f59e0b', '#10b981', '#ef4444', '#0ea5e9', '#a855f7', '#64748b'];

export function Bars({
  data, xKey, series, unit, testId, height = 220, stacked = true, xFormat,
}: {
  data: Record<string, string | number | null>[];
  xKey: string;
  series: string[];
  unit: string;
  testId: string;
  height?: number;
  stacked?: boolean;
  xFormat?: 'day' | 'month';
}) {
  const fmt = (v: unknown) => {
    if (xFormat === 'day') return new Date(Number(v)).toISOString().slice(5, 10);
    if (xFormat === 'month') return new Date(Number(v)).toISOString().slice(0, 7);
    return String(v);
  };
  return (
    <div data-testid={testId} data-points={data.length} style={{ height }}>
      {data.length === 0 ? (
        <div className="grid h-full place-items-center rounded-lg border border-dashed border-slate-200 text-sm text-slate-400">No rows yet</div>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey={xKey} tickFormatter={fmt} fontSize={11} stroke="#94a3b8" />
            <YAxis fontSize={11} stroke="#94a3b8" width={52} />
            <Tooltip labelFormatter={fmt} formatter={(v) => `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 4 })} ${unit}`} />
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
