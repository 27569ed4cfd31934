// Benchmark data and set-up shared by the bench scripts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pgvector from 'pgvector';
import type pg from 'pg';
import { prepareDatabase } from '@/lib/bootstrap';
import { startSupervisedEngine } from '@/lib/db/embedded-process';
import { projectPool } from '@/lib/db/pools';
import { rng } from '@/lib/seed/random';

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


/** DATABASE_URL, or a fresh embedded engine in its own process (as `npm start` runs it), migrated. */
export async function benchDatabase(log: (line: string) => void) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-bench-'));
  const engine = process.env.DATABASE_URL ? null : await startSupervisedEngine({ dataDir, maxConnections: 16, log });
  if (engine) process.env.DATABASE_URL = engine.url;
  log(engine ? 'engine: embedded (PGlite in its own process, as npm start runs it)' : `engine: ${new URL(process.env.DATABASE_URL!).host}`);
  process.env.PROJECT_POOL_MAX ??= '4';
  const pool = projectPool();
  await prepareDatabase(pool, { seed: false });
  return {
    pool,
    async close() {
      await pool.end();
      await engine?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A memory_entries-shaped table of n vectors with an HNSW index (m=16, ef_construction=200); returns the build seconds. */
export async function loadBenchTable(pool: pg.Pool, table: string, n: number): Promise<number> {
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, namespace varchar(255) NOT NULL, key varchar(255) NOT NULL,
    value text NOT NULL, embedding vector(${DIM}), metadata jsonb DEFAULT '{}', tags text[])`);
  const data = vectors(n, 1);
  for (let i = 0; i < n; i += 1000) {
    const chunk = data.slice(i, i + 1000);
    await pool.query(`INSERT INTO ${table} (namespace, key, value, embedding)
      SELECT 'bench', 'k' || n, 'row ' || n, e::vector FROM unnest($1::int[], $2::text[]) AS x(n, e)`,
      [chunk.map((_, j) => i + j), chunk.map((v) => pgvector.toSql(v))]);
  }
  const t0 = performance.now();
  await pool.query(`CREATE INDEX ON ${table} USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 200)`);
  const seconds = (performance.now() - t0) / 1000;
  await pool.query(`ANALYZE ${table}`);
  return seconds;
}
