// Pure helpers behind the time charts: every chart of a view spans the picked window, missing
// buckets are null (drawn as gaps), and the ticks fall on round times across the whole window.

const MINUTE = 60_000;
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE);

/**
 * One point per bucket from `from` to `to` (exclusive), in order: buckets with no sample get null for
 * every series, so a line stops there instead of joining across the outage.
 */
export function fillGaps<T extends { t: number }>(data: T[], from: number, to: number, stepMs: number, keys: string[]): (T | ({ t: number } & Record<string, null>))[] {
  if (!(stepMs > 0) || to <= from) return data;
  const byT = new Map(data.map((d) => [d.t, d]));
  const out: (T | ({ t: number } & Record<string, null>))[] = [];
  // The grid starts at `from`, which callers align to a bucket (a minute, a day, a Monday).
  const first = from;
  for (let t = first; t < to; t += stepMs) {
    out.push(byT.get(t) ?? ({ t, ...Object.fromEntries(keys.map((k) => [k, null])) } as { t: number } & Record<string, null>));
  }
  // Samples off the bucket grid (none expected) are kept rather than dropped.
  for (const d of data) if ((d.t - first) % stepMs !== 0 || d.t < first || d.t >= to) out.push(d);
  return out.sort((a, b) => a.t - b.t);
}

/** Round-time ticks spanning [from, to]: about `count` of them, on multiples of a readable step. */
export function windowTicks(from: number, to: number, count = 8): number[] {
  const span = to - from;
  if (!(span > 0)) return [from];
  const step = TICK_STEPS.find((s) => span / s <= count) ?? TICK_STEPS.at(-1)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** Indexes of points that have a value but no neighbour with one: drawn as dots, since a line needs two. */
export function isolatedPoints(data: Record<string, unknown>[], key: string): Set<number> {
  const has = (i: number) => data[i]?.[key] !== null && data[i]?.[key] !== undefined;
  const out = new Set<number>();
  data.forEach((_, i) => { if (has(i) && !has(i - 1) && !has(i + 1)) out.add(i); });
  return out;
}
