// ef_search tuning on the embedded engine: a run measures the curve and saves the smallest ef_search
// reaching the target; searches (vector, "more like this") then run with it, a request's own value
// wins, and bad input is a 400 naming the field with nothing written. Through the real route module.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser } = await import('@/lib/users/users');
const { projectPool } = await import('@/lib/db/pools');
const { rng } = await import('@/lib/seed/random');
const pgvector = (await import('pgvector')).default;
const { searchCollection } = await import('./search');
const { EF_SEARCH_STEPS, invalidateSearchSettings, startTune, tuneJob, tuningState } = await import('./tuning');
const tuneRoute = await import('@/app/api/v1/collections/[id]/tune/route');

const DIM = 16;
const ROWS = 2000;
const TUNED = 'public.tune_probe.embedding';
const PLAIN = 'public.tune_plain.embedding';
const r = rng(11);
// Clustered, so a sparse graph (m=4, ef_construction=8) misses neighbours at a small ef_search.
const centres = Array.from({ length: 20 }, () => Array.from({ length: DIM }, () => r.next() * 2 - 1));
const vectors = Array.from({ length: ROWS }, (_, i) => centres[i % 20].map((x) => x + (r.next() - 0.5) * 0.6));
const admin = { id: null as string | null, email: 'admin@example.com' };

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
  const user = await createUser(null, { email: admin.email, role: 'admin', password: 'a long enough password' });
  session.userId = admin.id = user.id;
  for (const table of ['tune_probe', 'tune_plain']) {
    await projectPool().query(`CREATE TABLE ${table} (id int PRIMARY KEY, embedding vector(${DIM}))`);
    await projectPool().query(`INSERT INTO ${table} SELECT * FROM unnest($1::int[], $2::vector[])`,
      [vectors.map((_, i) => i + 1), vectors.map((v) => pgvector.toSql(v))]);
  }
  await projectPool().query('CREATE INDEX tune_probe_hnsw ON tune_probe USING hnsw (embedding vector_cosine_ops) WITH (m = 4, ef_construction = 8)');
  await projectPool().query('ANALYZE tune_probe');
  await projectPool().query('ANALYZE tune_plain');
}, 300_000);
afterAll(async () => stopTestDatabase(engine));

async function finished(id: string) {
  for (let i = 0; i < 600; i++) {
    const job = await tuneJob(id);
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`tune ${id} still running`);
}

const post = (id: string, body: string) =>
  tuneRoute.POST(new Request(`http://localhost:3000/api/v1/collections/${id}/tune`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
    { params: Promise.resolve({ id }) });
const written = async () => (await projectPool().query(
  'SELECT (SELECT count(*) FROM recall.tune_jobs)::int AS jobs, (SELECT count(*) FROM recall.collection_settings)::int AS settings')).rows[0];

describe('ef_search tuning', () => {
  it('refuses a bad target, a collection without HNSW and an unknown one, naming the field, writing nothing', async () => {
    const before = await written();
    for (const [body, rule] of [
      ['{"target": 1.5}', 'target: must be between 0.5 and 1'],
      ['{"target": 0.2}', 'target: must be between 0.5 and 1'],
      ['{"target": "high"}', 'target: must be a number'],
      ['{"k": 0}', 'k: must be between 1 and 100'],
    ] as const) {
      const res = await post(TUNED, body);
      const json = await res.json();
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(json.error.field).toBe(rule.split(':')[0]);
      expect(json.error.message).toBe(rule);
    }
    const plain = await post(PLAIN, '{}');
    expect(plain.status).toBe(400);
    expect((await plain.json()).error.message).toMatch(/^collection: public\.tune_plain\.embedding has no HNSW index/);
    expect((await post('public.nope.embedding', '{}')).status).toBe(404);
    expect(await written()).toEqual(before);
  });

  it('saves the smallest ef_search whose recall reaches the target, and searches use it', async () => {
    const res = await post(TUNED, JSON.stringify({ target: 0.9, queries: 20 }));
    expect(res.status).toBe(202);
    const { id } = await res.json();
    // One run per collection at a time, whichever instance asks.
    await expect(startTune(admin, TUNED, {})).rejects.toThrow(/a tune of public\.tune_probe\.embedding is already running/);
    const job = await finished(id);
    expect(job.status, job.message ?? '').toBe('done');
    expect(job.curve.map((p) => p.ef)).toEqual([...EF_SEARCH_STEPS]);
    for (const p of job.curve) {
      expect(p.p95Ms).toBeGreaterThanOrEqual(p.p50Ms);
      expect(p.recall).toBeCloseTo((p.recallSampled + p.recallHeldOut) / 2, 6);
    }
    // The sparse graph loses neighbours at ef_search 10 and finds (nearly) all at 400.
    expect(job.curve[0].recall).toBeLessThan(job.curve.at(-1)!.recall);
    const expected = job.curve.find((p) => Math.min(p.recallSampled, p.recallHeldOut) >= 0.9)!.ef;
    expect(job.chosenEfSearch).toBe(expected);
    const state = await tuningState(TUNED);
    expect(state.setting).toMatchObject({ efSearch: expected, targetRecall: 0.9 });
    expect(state.job?.id).toBe(id);

    const query = vectors[7].map((x) => x + 0.01);
    const tuned = await searchCollection({ collection: TUNED, vector: query, limit: 5, min_similarity: 0 });
    expect(tuned.options.efSearch).toBe(expected);
    expect(tuned.options.efSearchSource.kind).toBe('tuned');
    expect(tuned.options.efSearchReason).toMatch(new RegExp(`^ef_search ${expected}: this collection's tuned default \\(tuned \\d{4}-\\d\\d-\\d\\d for recall@k ≥ 0.9`));
    const like = await searchCollection({ collection: TUNED, like: '8', limit: 5, min_similarity: 0 });
    expect(like.options.efSearchSource.kind).toBe('tuned');
    const override = await searchCollection({ collection: TUNED, vector: query, limit: 5, min_similarity: 0, ef_search: 333 });
    expect(override.options).toMatchObject({ efSearch: 333, efSearchSource: { kind: 'override' } });
    const untuned = await searchCollection({ collection: PLAIN, vector: query, limit: 5, min_similarity: 0 });
    expect(untuned.options).toMatchObject({ efSearch: null, efSearchSource: { kind: 'default' } });

    const { rows } = await projectPool().query('SELECT action, details FROM recall.audit_log WHERE target = $1 ORDER BY id', [TUNED]);
    expect(rows.map((a) => a.action)).toEqual(['collection.tune', 'collection.tune.saved']);
    expect(rows[1].details).toMatchObject({ efSearch: expected, target: 0.9, job: id });
  });

  it('the saved default reaches the index scan, and a request\'s ef_search overrides it', async () => {
    // HNSW returns at most ef_search rows: with a default of 10, a 50-row search comes back with 10 at most.
    await projectPool().query('UPDATE recall.collection_settings SET ef_search = 10 WHERE collection = $1', [TUNED]);
    invalidateSearchSettings();
    const query = vectors[3];
    await projectPool().query('SET enable_seqscan = off'); // one session behind every connection on the embedded engine
    try {
      const tuned = await searchCollection({ collection: TUNED, vector: query, limit: 50, min_similarity: 0 });
      expect(tuned.plan?.usedIndex).toBe('tune_probe_hnsw');
      expect(tuned.hits.length).toBeLessThanOrEqual(10);
      const override = await searchCollection({ collection: TUNED, vector: query, limit: 50, min_similarity: 0, ef_search: 200 });
      expect(override.hits).toHaveLength(50);
    } finally {
      await projectPool().query('RESET enable_seqscan');
    }
  });
});
