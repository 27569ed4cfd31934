// Swarm-wide charts for the Agents page, over the same windows as Health: events per minute by type,
// task transitions (created, started, completed, failed, cancelled) and seed 003's agent metrics,
// each in time buckets of the window's step. Range reads on indexed timestamps, never the whole table.
import { z } from 'zod';
import { projectPool } from '@/lib/db/pools';
import { parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';
import { WINDOWS, type WindowName } from '@/lib/metrics/series';

export const swarmChartsInput = z.object({
  window: z.enum(Object.keys(WINDOWS) as [WindowName, ...WindowName[]], { error: `must be one of ${Object.keys(WINDOWS).join(', ')}` }).default('24h'),
});

/** Event types charted one by one; the rest are summed as "other". */
const TOP_TYPES = 6;
const TOP_METRICS = 4;
export const TASK_TRANSITIONS = ['created', 'started', 'completed', 'failed', 'cancelled'] as const;

export interface SwarmCharts {
  window: WindowName;
  stepMs: number;
  from: number;
  to: number;
  /** Per bucket: events per minute for each type in `eventTypes` (and "other"). */
  events: Record<string, number>[];
  eventTypes: string[];
  /** Per bucket: tasks that entered each state. */
  tasks: Record<string, number>[];
  /** One series per metric type (the most recorded ones): the bucket's mean over every agent. */
  metrics: { type: string; unit: string; samples: number; points: { t: number; mean: number; max: number }[] }[];
}

export const swarmCharts = traced('agents.charts', async function swarmCharts(input: unknown): Promise<SwarmCharts> {
  const { window } = parseInput(swarmChartsInput, input);
  const { minutes, step } = WINDOWS[window];
  const stepMs = step * 60_000;
  const to = Math.floor(Date.now() / stepMs) * stepMs + stepMs;
  const from = to - minutes * 60_000;
  const range = [new Date(from).toISOString(), new Date(to).toISOString(), `${step} minutes`];
  const bucket = (col: string) => `extract(epoch FROM date_bin($3::interval, ${col}, $1::timestamptz)) * 1000`;
  const pool = projectPool();
  const [events, tasks, metrics] = await Promise.all([
    pool.query(
      `SELECT ${bucket('"timestamp"')} AS t, event_type, count(*)::int AS n FROM events
        WHERE "timestamp" >= $1::timestamptz AND "timestamp" < $2::timestamptz GROUP BY 1, 2`, range),
    pool.query(
      `SELECT ${bucket('at')} AS t, transition, count(*)::int AS n FROM (
          SELECT created_at AS at, 'created' AS transition FROM tasks WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz
          UNION ALL SELECT started_at, 'started' FROM tasks WHERE started_at >= $1::timestamptz AND started_at < $2::timestamptz
          UNION ALL SELECT coalesce(completed_at, updated_at), status FROM tasks
           WHERE status IN ('completed', 'failed', 'cancelled') AND coalesce(completed_at, updated_at) >= $1::timestamptz AND coalesce(completed_at, updated_at) < $2::timestamptz
        ) x GROUP BY 1, 2`, range),
    pool.query(
      `SELECT ${bucket('"timestamp"')} AS t, metric_type, min(unit) AS unit, avg(value)::float8 AS mean, max(value)::float8 AS max, count(*)::int AS n FROM metrics
        WHERE "timestamp" >= $1::timestamptz AND "timestamp" < $2::timestamptz GROUP BY 1, 2`, range),
  ]);
  const totals = new Map<string, number>();
  for (const r of events.rows) totals.set(r.event_type, (totals.get(r.event_type) ?? 0) + r.n);
  const eventTypes = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_TYPES).map(([t]) => t);
  const charted = new Set(eventTypes);
  const hasOther = [...totals.keys()].some((t) => !charted.has(t));
  const perBucket = <R extends { t: unknown }>(rows: R[], add: (into: Record<string, number>, r: R) => void) => {
    const by = new Map<number, Record<string, number>>();
    for (const r of rows) {
      const t = Number(r.t);
      if (!by.has(t)) by.set(t, { t });
      add(by.get(t)!, r);
    }
    return [...by.values()].sort((a, b) => a.t - b.t);
  };
  const zero = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
  const minutesPerStep = step;
  const eventKeys = [...eventTypes, ...(hasOther ? ['other'] : [])];
  const eventBuckets = perBucket(events.rows, (into, r) => {
    const key = charted.has(r.event_type) ? r.event_type : 'other';
    for (const k of eventKeys) into[k] ??= 0;
    into[key] += r.n / minutesPerStep;
  });
  const taskBuckets = perBucket(tasks.rows, (into, r) => {
    Object.assign(into, { ...zero(TASK_TRANSITIONS), ...into });
    into[r.transition] += r.n;
  });
  const samples = new Map<string, { unit: string; n: number }>();
  for (const r of metrics.rows) samples.set(r.metric_type, { unit: r.unit, n: (samples.get(r.metric_type)?.n ?? 0) + r.n });
  const metricTypes = [...samples.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0])).slice(0, TOP_METRICS);
  return {
    window, stepMs, from, to,
    events: eventBuckets, eventTypes: eventKeys, tasks: taskBuckets,
    metrics: metricTypes.map(([type, s]) => ({
      type, unit: s.unit, samples: s.n,
      points: metrics.rows.filter((r) => r.metric_type === type).map((r) => ({ t: Number(r.t), mean: r.mean, max: r.max })).sort((a, b) => a.t - b.t),
    })),
  };
});
