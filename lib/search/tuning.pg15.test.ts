// ef_search tuning on native PostgreSQL 15 + pgvector at a size where queries are sampled by block
// (TABLESAMPLE), with a sparse vector column (few rows have one), and two requests to tune the same
// collection at once on separate connections: the database's unique index lets one run, the other is a 409.
import { beforeAll, describe, expect, it } from 'vitest';
import { probeNativeServer, skipNotice, testPool } from '@/lib/testing/database';
import { projectPool } from '@/lib/db/pools';
import { useNativeProjectDatabase } from '@/lib/testing/native-project';

const skip = skipNotice('ef_search tuning on native', (await probeNativeServer()).missingVector);
const admin = { id: null, email: 'admin@example.com' };
const DENSE = 'public.tune_dense.embedding';
const SPARSE = 'public.tune_sparse.embedding';

async function finished(id: string) {
  const { tuneJob } = await import('./tuning');
  for (let i = 0; i < 600; i++) {
    const job = await tuneJob(id);
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tune ${id} still running`);
}

describe.skipIf(skip)('ef_search tuning on PostgreSQL 15 + pgvector', () => {
  const db = useNativeProjectDatabase('recall_scale_tune', { poolMax: 4 });
  beforeAll(async () => {
    // 60,000 clustered 8-d rows (over the 50,000 where sampling goes by block); in the sparse table only 200 have a vector.
    await projectPool().query(`
      CREATE TABLE tune_dense (id int PRIMARY KEY, embedding vector(8));
      INSERT INTO tune_dense SELECT g, (SELECT array_agg(sin(g % 50 + i) + 0.3 * sin(g * i))::vector FROM generate_series(1, 8) i) FROM generate_series(1, 60000) g;
      CREATE INDEX tune_dense_hnsw ON tune_dense USING hnsw (embedding vector_l2_ops) WITH (m = 4, ef_construction = 10);
      CREATE TABLE tune_sparse (id int PRIMARY KEY, embedding vector(8));
      INSERT INTO tune_sparse SELECT g, CASE WHEN g % 300 = 0 THEN (SELECT array_agg(sin(g + i))::vector FROM generate_series(1, 8) i) END FROM generate_series(1, 60000) g;
      CREATE INDEX tune_sparse_hnsw ON tune_sparse USING hnsw (embedding vector_l2_ops);
      ANALYZE tune_dense; ANALYZE tune_sparse;`);
  }, 300_000);

  it('two tunes of one collection started at once: one runs, the other gets 409', async () => {
    const { startTune } = await import('./tuning');
    // Read back on a connection of its own, as another console instance would see it.
    const other = testPool(db.url, { max: 2 });
    try {
      const results = await Promise.allSettled([startTune(admin, DENSE, { queries: 20 }), startTune(admin, DENSE, { queries: 20 })]);
      const ok = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<string>[];
      const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(ok).toHaveLength(1);
      expect(refused.map((r) => (r.reason as { status?: number }).status)).toEqual([409]);
      const { rows } = await other.query("SELECT count(*)::int AS n FROM recall.tune_jobs WHERE collection = $1 AND status = 'running'", [DENSE]);
      expect(rows[0].n).toBe(1);
      const job = await finished(ok[0].value);
      expect(job.status, job.message ?? '').toBe('done');
      expect(job.curve).toHaveLength(10);
      expect(job.curve.at(-1)!.recall).toBeGreaterThan(job.curve[0].recall);
    } finally {
      await other.end();
    }
  });

  it('a sparse vector column: the block sample finds too few rows, so every row with a vector is read', async () => {
    const { startTune, tuningState } = await import('./tuning');
    const job = await finished(await startTune(admin, SPARSE, { queries: 40, target: 0.5 }));
    expect(job.status, job.message ?? '').toBe('done');
    expect(job.chosenEfSearch).not.toBeNull();
    expect((await tuningState(SPARSE)).setting?.efSearch).toBe(job.chosenEfSearch);
  });
});
