'use client';
// A measured curve over a numeric parameter (not time): one or more lines on the left axis, one on
// a right axis with its own unit, and an optional target drawn across (ef_search's recall/latency).
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LineSpec } from './time-chart';

const axis = { fontSize: 11, stroke: '#64748b', tick: { fill: '#475569' } };
const axisLabel = (value: string, side: 'left' | 'right') =>
  ({ value, angle: side === 'left' ? -90 : 90, position: side === 'left' ? 'insideLeft' : 'insideRight', offset: 8, fontSize: 11, fill: '#475569', style: { textAnchor: 'middle' } }) as const;

export function CurveChart({
  data, xKey, xLabel, left, leftLabel, leftDomain, right, rightLabel, rightUnit, target, targetLabel, highlightX, testId, height = 260,
}: {
  data: Record<string, number>[];
  xKey: string;
  xLabel: string;
  left: LineSpec[];
  leftLabel: string;
  leftDomain?: [number, number];
  right?: LineSpec[];
  rightLabel?: string;
  rightUnit?: string;
  /** A horizontal line on the left axis. */
  target?: number;
  targetLabel?: string;
  /** A vertical line at this x (the chosen value). */
  highlightX?: number | null;
  testId: string;
  height?: number;
}) {
  const fmt = (v: unknown) => Number(v).toLocaleString('en-US', { maximumFractionDigits: 3 });
  const line = (l: LineSpec, yAxisId: string) => (
    <Line key={l.key} yAxisId={yAxisId} type="linear" dataKey={l.key} name={l.label} stroke={l.color} strokeWidth={2}
      strokeDasharray={l.dashed ? '4 3' : undefined} isAnimationActive={false} dot={{ r: 3 }} />
  );
  return (
    <div data-testid={testId} data-points={data.length} style={{ height }}>
      {data.length === 0 ? (
        <div className="grid h-full place-items-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-600">No points measured yet</div>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 16, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis dataKey={xKey} type="number" scale="log" domain={['dataMin', 'dataMax']} ticks={data.map((d) => d[xKey])} {...axis}
              label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11, fill: '#475569' }} />
            <YAxis yAxisId="left" domain={leftDomain} width={52} tickFormatter={fmt} {...axis} label={axisLabel(leftLabel, 'left')} />
            {right ? <YAxis yAxisId="right" orientation="right" width={52} tickFormatter={fmt} {...axis} label={axisLabel(rightLabel ?? rightUnit ?? '', 'right')} /> : null}
            <Tooltip labelFormatter={(x) => `${xLabel} ${x}`}
              formatter={(v, name) => `${fmt(v)}${right?.some((l) => l.label === name) && rightUnit ? ` ${rightUnit}` : ''}`} />
            <Legend wrapperStyle={{ fontSize: 12, paddingTop: 12 }} />
            {target !== undefined ? <ReferenceLine yAxisId="left" y={target} stroke="#ef4444" strokeDasharray="6 3" label={{ value: targetLabel ?? `target ${target}`, position: 'insideBottomLeft', fontSize: 11, fill: '#b91c1c' }} /> : null}
            {highlightX ? <ReferenceLine yAxisId="left" x={highlightX} stroke="#10b981" strokeWidth={2} /> : null}
            {left.map((l) => line(l, 'left'))}
            {right?.map((l) => line(l, 'right'))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
