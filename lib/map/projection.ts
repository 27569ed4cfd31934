// 2-D projections of vectors for the memory map: PCA (instant, exact, deterministic) and UMAP
// (umap-js, seeded, so the same rows and seed give the same map).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { rng } from '@/lib/seed/random';

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
  // The demo data's seeded PRNG (mulberry32), so PCA's start vectors, and so maps, are reproducible.
  const rand = rng(seed).next;
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

// UMAP runs in a worker thread: its neighbour search alone takes seconds of CPU for a few thousand
// vectors, which on the server's own thread would stall every request. The worker loads umap-js
// from node_modules at run time (the bundler never sees it) and uses the same seeded generator.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { UMAP } = require(workerData.umapPath);
let s = workerData.seed >>> 0;
const random = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const rows = workerData.rows;
const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(15, rows.length - 1), minDist: 0.1, random });
const epochs = umap.initializeFit(rows);
for (let i = 0; i < epochs; i++) {
  umap.step();
  if (i % 10 === 0) parentPort.postMessage({ progress: i / epochs });
}
parentPort.postMessage({ embedding: umap.getEmbedding() });
`;

/** UMAP to 2-D in a worker thread, reporting the share of epochs done. */
export function umap2(rows: number[][], seed: number, onProgress: (fraction: number) => void): Promise<[number, number][]> {
  if (rows.length < 4) return Promise.resolve(rows.map(() => [0, 0]));
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { rows, seed, umapPath: path.join(process.cwd(), 'node_modules', 'umap-js') } });
    worker.on('message', (m: { progress?: number; embedding?: [number, number][] }) => {
      if (m.embedding) {
        onProgress(1);
        resolve(m.embedding);
        void worker.terminate();
      } else if (m.progress !== undefined) onProgress(m.progress);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => code !== 0 && reject(new Error(`the UMAP worker stopped (exit code ${code})`)));
  });
}
