'use client';
// One line chart over time for every Health chart: Recharts, time on x, one line per series.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface LineSpec {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

const DAY_MINUTES = 24 * 60;
// Beyond a week the points are days or weeks, and an hour on every tick or tooltip is noise.
const datesOnly = (spanMinutes: number) => spanMinutes > 7 * DAY_MINUTES;

const time = (t: number, spanMinutes: number) => {
  const d = new Date(t);
  if (datesOnly(spanMinutes)) return `${d.getMonth() + 1}/${d.getDate()}`;
  return spanMinutes > DAY_MINUTES
    ? `${d.getMonth() + 1}/${d.getDate()} ${String(d.getHours()).padStart(2, '0')}:00`
    : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

export function TimeChart({
  data, lines, unit, spanMinutes, from, to, testId, height = 220, yDomain, yTicks,
}: {
  data: Record<string, number | null>[];
  lines: LineSpec[];
  unit: string;
  spanMinutes: number;
  from: number;
  to: number;
  testId: string;
  height?: number;
  /** A fixed scale where the values have one (a 1–5 star rating); otherwise fitted to the data. */
  yDomain?: [number, number];
  yTicks?: number[];
}) {
  return (
    <div data-testid={testId} data-points={data.length} style={{ height }}>
      {data.length === 0 ? (
        <div className="grid h-full place-items-center rounded-lg border border-dashed border-slate-200 text-sm text-slate-400">
          No samples in this window yet
        </div>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={[from, to]} scale="time" tickFormatter={(t) => time(t, spanMinutes)} fontSize={11} stroke="#94a3b8" />
            <YAxis fontSize={11} stroke="#94a3b8" width={48} domain={yDomain} ticks={yTicks} tickFormatter={(v) => `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 1 })}`} />
            <Tooltip
              labelFormatter={(t) => (datesOnly(spanMinutes) ? new Date(Number(t)).toLocaleDateString() : new Date(Number(t)).toLocaleString())}
              formatter={(v) => (v === null || v === undefined ? '—' : `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`)}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {lines.map((l) => (
              <Line key={l.key} type="monotone" dataKey={l.key} name={l.label} stroke={l.color} strokeWidth={2}
                strokeDasharray={l.dashed ? '4 3' : undefined} dot={data.length < 3} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
