// Benchmark data shared by the bench scripts.
import { rng } from '../lib/seed/random';

export const DIM = 384;

/**
 * Unit vectors shaped like real text embeddings: 64 topic clusters in a low-dimensional latent space
 * (sentence embeddings have an intrinsic dimension of a few dozen, not 384), mapped into 384
 * dimensions by one fixed random projection, plus a little isotropic noise.
 */
const LATENT = 32;
const projection = (() => {
  const r = rng(99);
  const gauss = () => Math.sqrt(-2 * Math.log(r.next() + 1e-12)) * Math.cos(2 * Math.PI * r.next());
  const centroids = Array.from({ length: 64 }, () => Array.from({ length: LATENT }, gauss));
  const matrix = Array.from({ length: DIM }, () => Array.from({ length: LATENT }, gauss));
  return { centroids, matrix };
})();

export function vectors(count: number, seed: number) {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r.next() + 1e-12)) * Math.cos(2 * Math.PI * r.next());
  return Array.from({ length: count }, () => {
    const c = r.pick(projection.centroids);
    const z = c.map((x) => x + gauss() * 0.5);
    const v = projection.matrix.map((row) => row.reduce((s, w, i) => s + w * z[i], 0) + gauss() * 0.5);
    const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    return v.map((x) => x / n);
  });
}

