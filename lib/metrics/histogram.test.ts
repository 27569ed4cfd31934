import { describe, expect, it } from 'vitest';
import { addInto, bucketIndex, emptyBuckets, LATENCY_BUCKETS_MS, percentile } from './histogram';

const histogramOf = (samples: number[]) => {
  const b = emptyBuckets();
  samples.forEach((s) => b[bucketIndex(s)]++);
  return b;
};

describe('latency histogram', () => {
  it('puts a value in the first bucket whose bound holds it', () => {
    expect(bucketIndex(0.2)).toBe(0);
    expect(bucketIndex(0.5)).toBe(0);
    expect(bucketIndex(0.51)).toBe(1);
    expect(bucketIndex(7)).toBe(LATENCY_BUCKETS_MS.indexOf(10));
    expect(bucketIndex(1e9)).toBe(LATENCY_BUCKETS_MS.length - 1);
  });

  it('reads percentiles of known samples within their bucket', () => {
    // 100 samples: 1..100 ms.
    const h = histogramOf(Array.from({ length: 100 }, (_, i) => i + 1));
    // p50 = 50 ms: the 50th sample is the last of the (20, 50] bucket.
    expect(percentile(h, 50)).toBeCloseTo(50, 6);
    // p95 falls in (50, 100]: 45 samples there, rank 95 is the 45th → 100 ms... interpolated at 45/50.
    expect(percentile(h, 95, 100)).toBeCloseTo(50 + (50 * 45) / 50, 6);
    expect(percentile(h, 99, 100)).toBeCloseTo(50 + (50 * 49) / 50, 6);
    expect(percentile(h, 100, 100)).toBe(100);
  });

  it('bounds the open last bucket by the largest value seen', () => {
    const h = histogramOf([40_000, 50_000]);
    expect(percentile(h, 100, 50_000)).toBe(50_000);
    expect(percentile(h, 50, 50_000)).toBeGreaterThan(30_000);
  });

  it('is null without samples, and histograms add up', () => {
    expect(percentile(emptyBuckets(), 50)).toBeNull();
    const a = histogramOf([1, 2, 3]);
    addInto(a, histogramOf([100, 200]));
    expect(a.reduce((s, x) => s + x, 0)).toBe(5);
    expect(percentile(a, 100, 200)).toBe(200);
  });
});
