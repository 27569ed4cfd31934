// Similarity bars are drawn relative to the results shown (lowest to highest), so 0.606 vs 0.633 or
// 0.906 vs 1.000 look different; the number beside each bar stays the absolute value.

export type SimilarityRange = readonly [min: number, max: number];

export function similarityRange(values: number[]): SimilarityRange {
  return values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
}

/** Bar width in percent: the lowest result gets a stub (it still matched), the highest the full bar. */
export function barWidth(value: number, [min, max]: SimilarityRange): number {
  if (!(max - min > 1e-9)) return 100;
  const share = (value - min) / (max - min);
  return 8 + 92 * Math.max(0, Math.min(1, share));
}
