import { describe, expect, it } from 'vitest';
import { barWidth, similarityRange } from './similarity-scale';

describe('similarity bars', () => {
  it('make close scores look different within a result set', () => {
    const range = similarityRange([0.633, 0.62, 0.606]);
    expect(barWidth(0.633, range) - barWidth(0.606, range)).toBeGreaterThan(80);
    const top = similarityRange([1, 0.95, 0.906]);
    expect(barWidth(1, top)).toBe(100);
    expect(barWidth(0.906, top)).toBe(8);
    expect(barWidth(0.95, top)).toBeCloseTo(8 + 92 * (0.044 / 0.094), 5);
  });

  it('draw full bars when every result scores the same, or there is one', () => {
    expect(barWidth(0.7, similarityRange([0.7]))).toBe(100);
    expect(barWidth(0.7, similarityRange([0.7, 0.7]))).toBe(100);
  });
});
