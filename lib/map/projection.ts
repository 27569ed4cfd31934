// 2-D projections of vectors for the memory map: PCA (instant, exact, deterministic) and UMAP
// (umap-js, seeded, so the same rows and seed give the same map).
import { UMAP } from 'umap-js';

/** A seeded PRNG (mulberry32): UMAP and PCA's start vectors draw from it, so maps are reproducible. */
export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The first two principal components by power iteration on the centred data (never forming the
 * d × d covariance): each step is two passes over the rows. Returns each row's coordinates.
 */
export function pca2(rows: number[][], seed = 42, iterations = 40): [number, number][] {
  const n = rows.length;
  if (n === 0) return [];
  const d = rows[0].length;
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  const centred = rows.map((r) => Float64Array.from(r, (v, j) => v - mean[j]));
  const rand = seeded(seed);
  const components: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: d }, () => rand() - 0.5);
    for (let it = 0; it < iterations; it++) {
      // w = Xᵀ X v, with the earlier component projected out (deflation).
      const w = new Float64Array(d);
      for (const x of centred) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += x[j] * v[j];
        for (let j = 0; j < d; j++) w[j] += dot * x[j];
      }
      for (const p of components) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += w[j] * p[j];
        for (let j = 0; j < d; j++) w[j] -= dot * p[j];
      }
      const norm = Math.hypot(...w) || 1;
      v = w.map((x) => x / norm);
    }
    // A fixed sign, so reruns do not mirror the map.
    const big = v.reduce((bi, x, i) => (Math.abs(x) > Math.abs(v[bi]) ? i : bi), 0);
    if (v[big] < 0) v = v.map((x) => -x);
    components.push(v);
  }
  return centred.map((x) => {
    let a = 0;
    let b = 0;
    for (let j = 0; j < d; j++) {
      a += x[j] * components[0][j];
      b += x[j] * components[1][j];
    }
    return [a, b];
  });
}

/** UMAP to 2-D, yielding to the event loop between epochs so the server keeps answering. */
export async function umap2(rows: number[][], seed: number, onProgress: (fraction: number) => void): Promise<[number, number][]> {
  if (rows.length < 4) return rows.map(() => [0, 0]);
  const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(15, rows.length - 1), minDist: 0.1, random: seeded(seed) });
  const epochs = umap.initializeFit(rows);
  for (let i = 0; i < epochs; i++) {
    umap.step();
    if (i % 10 === 0) {
      onProgress(i / epochs);
      await new Promise((r) => setImmediate(r));
    }
  }
  onProgress(1);
  return umap.getEmbedding() as [number, number][];
}
