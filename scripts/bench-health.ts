// `npm run bench:health`: embedding health past the exact-count limit on the machine's PostgreSQL 15.
// Plants HEALTH_ROWS (default 200,000) 384-d rows, 1% without a vector and 0.5% zero vectors, then
// times the sampled figures against one exact pass of the same aggregates, interleaved, and prints
// both counts so the sample's error shows. The database is dropped afterwards.
import { createNativeDatabase } from '@/lib/testing/database';
import { migrate } from '@/lib/db/migrator';
import { projectPool } from '@/lib/db/pools';
import { invalidateCollections } from '@/lib/collections/catalog';
import { embeddingHealth } from '@/lib/embedding-health/health';

const ROWS = Number(process.env.HEALTH_ROWS ?? 200_000);
const ROUNDS = 5;
const db = await createNativeDatabase('recall_peers_bench');
process.env.DATABASE_URL = db.url;
process.env.PROJECT_POOL_MAX = '2';
process.env.DB_STATEMENT_TIMEOUT_MS ??= '600000'; // planting the rows is one long statement per chunk
try {
  const pool = projectPool();
  await migrate(pool);
  await pool.query(`CREATE TABLE health_bench (id BIGSERIAL PRIMARY KEY, content TEXT NOT NULL, metadata JSONB NOT NULL DEFAULT '{}',
    embedding vector(384), updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  let t = performance.now();
  for (let from = 1; from <= ROWS; from += 20_000) {
    await pool.query(`INSERT INTO health_bench (content, embedding)
      SELECT 'row ' || g, CASE WHEN g % 100 = 0 THEN NULL WHEN g % 200 = 1 THEN array_fill(0::real, ARRAY[384])::vector
        ELSE (SELECT array_agg(random()::real) FROM generate_series(1, 384) WHERE g > 0)::vector END
      FROM generate_series($1::int, $2::int) g`, [from, Math.min(ROWS, from + 19_999)]);
  }
  await pool.query('ANALYZE health_bench');
  console.log(`planted ${ROWS.toLocaleString('en-US')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  invalidateCollections();
  const exactSql = `SELECT count(*) FILTER (WHERE embedding IS NULL) AS missing, count(*) FILTER (WHERE embedding IS NOT NULL AND vector_norm(embedding) = 0) AS zero,
    count(*) FILTER (WHERE embedding IS NOT NULL AND abs(vector_norm(embedding) - 1) > 0.01) AS unnormalised, count(*) AS n FROM health_bench`;
  const times = { sampled: [] as number[], exact: [] as number[] };
  let sampled: Awaited<ReturnType<typeof embeddingHealth>> | null = null;
  let exact: Record<string, string> = {};
  for (let r = 0; r < ROUNDS; r++) {
    t = performance.now();
    sampled = await embeddingHealth({ collection: 'public.health_bench.embedding' });
    times.sampled.push(performance.now() - t);
    t = performance.now();
    exact = (await pool.query(exactSql)).rows[0];
    times.exact.push(performance.now() - t);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fig = (id: string) => sampled!.figures.find((f) => f.id === id)!.count;
  console.log(`sampled: ${sampled!.sampled} (${sampled!.sampledRows.toLocaleString('en-US')} rows read of ~${sampled!.rows.toLocaleString('en-US')})`);
  console.log(`median of ${ROUNDS}: sampled health ${median(times.sampled).toFixed(0)} ms, exact pass ${median(times.exact).toFixed(0)} ms, ratio ${(median(times.exact) / median(times.sampled)).toFixed(1)}x`);
  for (const id of ['missing', 'zero', 'unnormalised']) console.log(`${id.padEnd(13)} sampled ≈ ${fig(id)?.toLocaleString('en-US')}  exact ${Number(exact[id]).toLocaleString('en-US')}`);
} finally {
  await projectPool().end();
  await db.drop();
}
