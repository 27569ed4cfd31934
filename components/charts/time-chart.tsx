'use client';
// One chart over time for every time series (Health, Feedback): the x axis is the whole picked window
// (fixed domain, round-time ticks, in UTC like every date on the console), missing buckets are gaps,
// counts are steps with whole-number ticks, and the y axis names its unit.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fillGaps, isolatedPoints, windowTicks } from './time-axis';

export interface LineSpec {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

const tick = (t: number, span: number) => {
  const d = new Date(t);
  const date = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  // Beyond a day the ticks are days (or midnights), and a time on each is noise.
  if (span > DAY) return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? date : `${date} ${time}`;
  return time;
};
const tooltipTime = (t: number, stepMs: number | undefined) => {
  const iso = new Date(t).toISOString();
  return stepMs && stepMs >= DAY ? `${iso.slice(0, 10)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
};

export function TimeChart({
  data, lines, unit, axisLabel, from, to, stepMs, testId, height = 220, yDomain, yTicks, counts = false, empty,
}: {
  data: Record<string, number | null>[];
  lines: LineSpec[];
  /** Shown after each value in the tooltip ("ms", "queries/s"). */
  unit: string;
  /** The y axis's name; defaults to the unit. */
  axisLabel?: string;
  from: number;
  to: number;
  /** The bucket size: every bucket of the window without a point becomes a gap. */
  stepMs?: number;
  testId: string;
  height?: number;
  /** A fixed scale where the values have one (a 1–5 star rating); otherwise fitted to the data. */
  yDomain?: [number, number];
  yTicks?: number[];
  /** Whole counts (waiting clients, errors): drawn as steps with whole-number ticks. */
  counts?: boolean;
  /** What to do when the window has no samples; defaults to saying there are none yet. */
  empty?: React.ReactNode;
}) {
  const keys = lines.map((l) => l.key);
  const points = stepMs ? fillGaps(data as { t: number }[], from, to, stepMs, keys) as Record<string, number | null>[] : data;
  const samples = data.length;
  const ticks = windowTicks(from, to);
  const label = axisLabel ?? unit;
  return (
    <div data-testid={testId} data-points={samples} data-from={from} data-to={to} style={{ height }}>
      {samples === 0 ? (
        <div className="grid h-full place-items-center rounded-lg border border-dashed border-slate-300 px-4 text-center text-sm text-slate-600">
          {empty ?? 'No samples in this window yet'}
        </div>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={[from, to]} ticks={ticks} allowDataOverflow tickFormatter={(t) => tick(t, to - from)}
              fontSize={11} stroke="#64748b" tick={{ fill: '#475569' }} />
            <YAxis fontSize={11} stroke="#64748b" tick={{ fill: '#475569' }} width={56} domain={yDomain} ticks={yTicks} allowDecimals={!counts}
              label={label ? { value: label, angle: -90, position: 'insideLeft', offset: 8, fontSize: 11, fill: '#475569', style: { textAnchor: 'middle' } } : undefined}
              tickFormatter={(v) => Number(v).toLocaleString('en-US', { maximumFractionDigits: counts ? 0 : Math.abs(Number(v)) < 1 ? 2 : 1 })} />
            <Tooltip
              labelFormatter={(t) => tooltipTime(Number(t), stepMs)}
              formatter={(v) => (v === null || v === undefined ? 'no sample' : `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`)}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {lines.map((l) => {
              const lonely = isolatedPoints(points, l.key);
              return (
                <Line key={l.key} type={counts ? 'stepAfter' : 'linear'} dataKey={l.key} name={l.label} stroke={l.color} strokeWidth={2}
                  strokeDasharray={l.dashed ? '4 3' : undefined} isAnimationActive={false} connectNulls={false}
                  // A sample with no neighbour has no line to draw: show it as a dot.
                  dot={(p: { cx?: number; cy?: number; index?: number }) => (lonely.has(p.index ?? -1) && p.cx !== undefined && p.cy !== undefined
                    ? <circle key={p.index} className="recharts-line-dot" cx={p.cx} cy={p.cy} r={3} fill={l.color} />
                    : <g key={p.index} />)} />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
