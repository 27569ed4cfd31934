// Latency histograms with fixed bucket bounds, so histograms from any instance and any minute add up,
// and percentiles can be read from the sum.
export const LATENCY_BUCKETS_MS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, Infinity];

export function emptyBuckets(): number[] {
  return new Array(LATENCY_BUCKETS_MS.length).fill(0);
}

export function bucketIndex(ms: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (ms <= LATENCY_BUCKETS_MS[i]) return i;
  return LATENCY_BUCKETS_MS.length - 1;
}

export function addInto(target: number[], source: ArrayLike<number>) {
  for (let i = 0; i < target.length; i++) target[i] += Number(source[i] ?? 0);
}

/**
 * The p-th percentile (0–100) of a histogram, interpolated linearly inside its bucket; the last,
 * open bucket reports the largest value seen (maxMs) when given.
 */
export function percentile(buckets: ArrayLike<number>, p: number, maxMs?: number): number | null {
  let total = 0;
  for (let i = 0; i < buckets.length; i++) total += Number(buckets[i]);
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = Number(buckets[i]);
    if (count === 0) continue;
    if (seen + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1];
      let upper = LATENCY_BUCKETS_MS[i];
      if (!Number.isFinite(upper)) upper = maxMs ?? lower;
      if (maxMs !== undefined) upper = Math.min(upper, Math.max(maxMs, lower));
      const within = count ? (rank - seen) / count : 0;
      return lower + (upper - lower) * Math.min(1, Math.max(0, within));
    }
    seen += count;
  }
  return maxMs ?? null;
}
