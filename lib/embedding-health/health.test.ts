// Embedding health on the embedded engine: each planted problem shows up in its own figure and in
// the filtered row list, and "embed all missing" leaves every row embedded, stamped with the model;
// its job row is what another instance sees and cancels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { getCollection, invalidateCollections } from '@/lib/collections/catalog';
import { browseCollection } from '@/lib/collections/collections';
import { embeddingHealth, type HealthFilter } from './health';
import { cancelEmbedJob, failStaleEmbedJobs, getEmbedJob, runEmbedJob, startEmbedJob } from './jobs';

let engine: EmbeddedEngine;
const actor = { id: null, email: 'admin@health.test' };
const ID = 'public.health_probe.embedding';
const stamp = (model = 'lexical', dimension = 3) => JSON.stringify({ embedding_model: model, embedding_dimension: dimension });

beforeAll(async () => {
  delete process.env.EMBEDDINGS_URL; // the built-in lexical provider: id "lexical", any dimension
  engine = await startTestDatabase();
  const db = projectPool();
  await db.query(`CREATE TABLE health_probe (id BIGSERIAL PRIMARY KEY, content TEXT, metadata JSONB NOT NULL DEFAULT '{}',
    embedding vector(3), created_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_at TIMESTAMPTZ, expires_at TIMESTAMPTZ)`);
  const plant = (content: string, vector: string | null, metadata: string, extra: { updated?: string; expires?: string } = {}) =>
    db.query(`INSERT INTO health_probe (content, embedding, metadata, updated_at, expires_at) VALUES ($1, $2::vector, $3::jsonb, $4::timestamptz, $5::timestamptz)`,
      [content, vector, metadata, extra.updated ?? null, extra.expires ?? null]);
  await plant('healthy', '[1,0,0]', stamp());
  await plant('zero vector', '[0,0,0]', stamp());
  await plant('unnormalised', '[3,0,0]', stamp());
  await plant('needs a vector', null, '{}');
  await plant('another model', '[0,1,0]', stamp('http:old-model', 3));
  await plant('unrecorded model', '[0,0,1]', '{}');
  await plant('old note', '[1,0,0]', stamp(), { updated: new Date(Date.now() - 200 * 86_400_000).toISOString() });
  await plant('expired note', '[1,0,0]', stamp(), { expires: new Date(Date.now() - 86_400_000).toISOString() });
  invalidateCollections();
}, 120_000);
afterAll(async () => stopTestDatabase(engine));

const keyOf = async (content: string) => String((await projectPool().query('SELECT id FROM health_probe WHERE content = $1', [content])).rows[0].id);
const figure = (h: Awaited<ReturnType<typeof embeddingHealth>>, id: HealthFilter) => h.figures.find((f) => f.id === id)!;

describe('embedding health', () => {
  it('counts each planted problem in its own figure, exactly below the sampling limit', async () => {
    const h = await embeddingHealth({ collection: ID });
    expect(h).toMatchObject({ collection: ID, rows: 8, sampled: false, cosine: true, provider: { model: 'lexical', dimension: 3 }, staleDays: 90 });
    const counts = Object.fromEntries(h.figures.map((f) => [f.id, f.count]));
    expect(counts).toEqual({ missing: 1, zero: 1, unnormalised: 1, other_model: 1, unrecorded: 1, stale: 1, expired: 1 });
    expect(figure(h, 'missing').share).toBeCloseTo(1 / 8);
  });

  it('lists the matching rows for each figure', async () => {
    const c = await getCollection(projectPool(), ID);
    const planted: Record<HealthFilter, string> = {
      missing: 'needs a vector', zero: 'zero vector', unnormalised: 'unnormalised', other_model: 'another model',
      unrecorded: 'unrecorded model', stale: 'old note', expired: 'expired note',
    };
    for (const [filter, content] of Object.entries(planted)) {
      const page = await browseCollection(c, 1, { filter });
      expect(page.rows.map((r) => r.key), filter).toEqual([await keyOf(content)]);
      expect(page.pages).toBe(1);
    }
  });

  it('moves rows in and out of "stale" with the age asked for', async () => {
    expect(figure(await embeddingHealth({ collection: ID, stale_days: '365' }), 'stale').count).toBe(0);
    expect(figure(await embeddingHealth({ collection: ID, stale_days: '1' }), 'stale').count).toBe(1); // created now, updated 200 days ago
  });

  it('refuses bad input by field', async () => {
    await expect(embeddingHealth({ collection: ID, stale_days: '0' })).rejects.toThrow(/stale_days: must be between 1 and 36500/);
    await expect(embeddingHealth({ collection: 'public.nope.embedding' })).rejects.toThrow(/no vector column/);
    const c = await getCollection(projectPool(), ID);
    await expect(browseCollection(c, 1, { filter: 'broken' })).rejects.toThrow(/filter: must be one of missing/);
  });

  it('is not fooled by a filter that does not apply: a table without metadata has no "unrecorded" figure', async () => {
    await projectPool().query('CREATE TABLE bare_vectors (id SERIAL PRIMARY KEY, embedding vector(3))');
    await projectPool().query("INSERT INTO bare_vectors (embedding) VALUES ('[1,0,0]'), ('[0,0,0]'), (NULL)");
    invalidateCollections();
    const h = await embeddingHealth({ collection: 'public.bare_vectors.embedding' });
    expect(figure(h, 'unrecorded').count).toBeNull();
    expect(figure(h, 'stale').count).toBeNull();
    expect(figure(h, 'zero').count).toBe(1);
    expect(figure(h, 'missing').count).toBe(1);
  });
});

async function until(id: string, done: (s: string) => boolean) {
  for (let i = 0; i < 200; i++) {
    const job = await getEmbedJob(id);
    if (done(job.status)) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('embed all missing', () => {
  it('embeds every row without a vector in batches, stamps the model, and leaves none missing', async () => {
    await projectPool().query(
      "INSERT INTO health_probe (content, metadata) SELECT 'missing note ' || g, '{\"source\": \"test\"}' FROM generate_series(1, 11) g");
    const before = figure(await embeddingHealth({ collection: ID }), 'missing').count;
    expect(before).toBe(12);
    const started = await startEmbedJob(actor, { collection: ID }, { batch: 5 });
    expect(started).toMatchObject({ collection: ID, model: 'lexical', totalRows: 12 });
    const job = await until(started.id, (s) => s !== 'running');
    expect(job).toMatchObject({ status: 'done', processedRows: 12, skippedRows: 0 });
    expect(figure(await embeddingHealth({ collection: ID }), 'missing').count).toBe(0);
    const { rows } = await projectPool().query("SELECT metadata, vector_norm(embedding) AS norm FROM health_probe WHERE content LIKE 'missing note %'");
    expect(rows).toHaveLength(11);
    for (const r of rows) {
      expect(r.metadata).toEqual({ source: 'test', embedding_model: 'lexical', embedding_dimension: 3 });
      expect(Number(r.norm)).toBeCloseTo(1, 5);
    }
    const audit = await projectPool().query("SELECT action FROM recall.audit_log WHERE target = $1 ORDER BY id", [ID]);
    expect(audit.rows.map((r) => r.action)).toEqual(['embeddings.embed_missing.start', 'embeddings.embed_missing.done']);
  });

  it('runs one job per collection: a job another instance runs is returned, not doubled, and can be cancelled from here', async () => {
    // Another instance's worker: its job row, heartbeat fresh.
    const other = await projectPool().query<{ id: string }>(
      "INSERT INTO recall.embed_jobs (collection, model, status, total_rows) VALUES ($1, 'lexical', 'running', 40) RETURNING id", [ID]);
    const otherId = other.rows[0].id;
    const seen = await startEmbedJob(actor, { collection: ID });
    expect(seen.id).toBe(otherId);
    expect((await projectPool().query("SELECT count(*)::int AS n FROM recall.embed_jobs WHERE status = 'running'")).rows[0].n).toBe(1);
    const cancelled = await cancelEmbedJob(actor, otherId);
    expect(cancelled).toMatchObject({ status: 'cancelled', message: expect.stringContaining('Cancelled after 0 row(s)') });
    // A worker that reads the cancelled row writes nothing.
    await projectPool().query("INSERT INTO health_probe (content) VALUES ('arrived after the cancel')");
    await runEmbedJob(actor, otherId);
    expect((await projectPool().query("SELECT embedding FROM health_probe WHERE content = 'arrived after the cancel'")).rows[0].embedding).toBeNull();
    expect((await getEmbedJob(otherId)).status).toBe('cancelled');
  });

  it('fails a job whose worker lost its lease, and starting again resumes with the rows left', async () => {
    const lost = await projectPool().query<{ id: string }>(
      "INSERT INTO recall.embed_jobs (collection, model, status, heartbeat_at) VALUES ($1, 'lexical', 'running', now() - interval '5 minutes') RETURNING id", [ID]);
    expect(await failStaleEmbedJobs()).toBe(1);
    expect((await getEmbedJob(lost.rows[0].id)).status).toBe('failed');
    const again = await startEmbedJob(actor, { collection: ID });
    expect(again.totalRows).toBe(1); // only the row that arrived after the cancel
    expect(await until(again.id, (s) => s !== 'running')).toMatchObject({ status: 'done', processedRows: 1 });
  });

  it('refuses bad input by field', async () => {
    await expect(startEmbedJob(actor, { collection: '' })).rejects.toThrow(/collection: must not be empty/);
    await expect(getEmbedJob('not-a-uuid')).rejects.toThrow(/id: must be a job id/);
    await expect(startEmbedJob(actor, { collection: 'public.bare_vectors.embedding' })).rejects.toThrow(/no text column/);
  });
});

describe('past EXACT_COUNT_LIMIT rows', () => {
  const BIG = 'public.health_big.embedding';
  it('estimates the figures and the job total from a sample, and says so', async () => {
    // 120,000 rows, every 40th without a vector (3,000) and without text, so the job only skips them.
    await projectPool().query(`CREATE TABLE health_big (id BIGSERIAL PRIMARY KEY, content TEXT, embedding vector(3));
      INSERT INTO health_big (content, embedding)
        SELECT CASE WHEN g % 40 = 0 THEN NULL ELSE 'note ' || g END, CASE WHEN g % 40 = 0 THEN NULL ELSE '[1,0,0]'::vector END
          FROM generate_series(1, 120000) g;
      ANALYZE health_big`);
    invalidateCollections();
    const h = await embeddingHealth({ collection: BIG });
    expect(h).toMatchObject({ sampled: true, rowsEstimated: true });
    expect(h.sampledRows).toBeLessThan(60_000);
    expect(Math.abs(figure(h, 'missing').count! - 3000)).toBeLessThan(600);

    const started = await startEmbedJob(actor, { collection: BIG }, { batch: 500 });
    expect(started.totalEstimated).toBe(true);
    expect(Math.abs(started.totalRows - 3000)).toBeLessThan(600);
    const job = await until(started.id, (s) => s !== 'running');
    expect(job).toMatchObject({ status: 'done', processedRows: 0, skippedRows: 3000, totalEstimated: true });
    const audit = await projectPool().query("SELECT details FROM recall.audit_log WHERE target = $1 AND action = 'embeddings.embed_missing.start'", [BIG]);
    expect(audit.rows[0].details).toMatchObject({ estimated: true, rows: started.totalRows });
  });
});
