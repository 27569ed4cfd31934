// Search SQL against a brute-force computation in TypeScript, filters, diagnostics and recall.
import pgvector from 'pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { rng } from '@/lib/seed/random';
import { lexicalEmbedding } from '@/lib/embeddings/lexical';
import { getCollection, listCollections, MEMORY_COLLECTION } from '@/lib/collections/catalog';
import { searchCollection } from './search';

let engine: EmbeddedEngine;
const DIM = 8;
const r = rng(7);
const rows = Array.from({ length: 300 }, (_, i) => ({
  id: i + 1,
  vec: Array.from({ length: DIM }, () => r.next() * 2 - 1),
  namespace: i % 3 === 0 ? 'a' : 'b',
  tags: i % 2 === 0 ? ['even'] : ['odd'],
}));

beforeAll(async () => {
  engine = await startTestDatabase({ seed: true });
  await projectPool().query(`CREATE TABLE probe (id int PRIMARY KEY, embedding vector(${DIM}), namespace varchar(255), tags text[], metadata jsonb)`);
  await projectPool().query(
    `INSERT INTO probe SELECT id, e::vector, ns, ARRAY[t], jsonb_build_object('parity', t)
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS x(id, e, ns, t)`,
    [rows.map((x) => x.id), rows.map((x) => pgvector.toSql(x.vec)), rows.map((x) => x.namespace), rows.map((x) => x.tags[0])],
  );
});
afterAll(async () => stopTestDatabase(engine));

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
const BRUTE = {
  cosine: (a: number[], b: number[]) => 1 - dot(a, b) / (norm(a) * norm(b)),
  l2: (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0)),
  ip: (a: number[], b: number[]) => -dot(a, b),
};

describe('search ordering matches a brute-force computation', () => {
  const query = Array.from({ length: DIM }, (_, i) => Math.sin(i + 1));
  it.each(['cosine', 'l2', 'ip'] as const)('%s', async (distance) => {
    const result = await searchCollection({ collection: 'public.probe.embedding', vector: query, distance, limit: 15, min_similarity: 0 });
    const expected = [...rows].sort((x, y) => BRUTE[distance](x.vec, query) - BRUTE[distance](y.vec, query)).slice(0, 15);
    expect(result.hits.map((h) => Number(h.key))).toEqual(expected.map((x) => x.id));
    result.hits.forEach((h, i) => expect(h.distance).toBeCloseTo(BRUTE[distance](expected[i].vec, query), 4));
    if (distance === 'cosine') result.hits.forEach((h) => expect(h.similarity).toBeCloseTo(1 - h.distance, 6));
    if (distance === 'ip') result.hits.forEach((h) => expect(h.similarity).toBeCloseTo(-h.distance, 6));
    expect(result.warnings[0]).toMatch(/^No vector index serves/);
  });

  it('applies namespace, tag and metadata filters and the minimum similarity', async () => {
    const result = await searchCollection({
      collection: 'public.probe.embedding', vector: query, namespace: 'a', tags: ['even'], metadata: { parity: 'even' }, limit: 1000, min_similarity: 0.2,
    });
    const expected = rows.filter((x) => x.namespace === 'a' && x.tags[0] === 'even' && 1 - BRUTE.cosine(x.vec, query) >= 0.2);
    expect(result.hits.map((h) => Number(h.key)).sort((a, b) => a - b)).toEqual(expected.map((x) => x.id));
    expect(result.hits.every((h) => h.similarity >= 0.2)).toBe(true);
  });
});

describe('memory search with the HNSW index', () => {
  it('uses the index, explains the plan and measures recall against exact search', async () => {
    const result = await searchCollection({ text: 'rotate the API keys', limit: 10, min_similarity: 0, exact: true });
    expect(result.collection.id).toBe(MEMORY_COLLECTION);
    expect(result.plan?.usedIndex).toBe('idx_memory_embedding');
    expect(result.plan?.text).toMatch(/Index Scan using idx_memory_embedding/);
    expect(result.hits).toHaveLength(10);
    expect(result.exact!.hits).toBe(10);
    expect(result.exact!.recall).toBeGreaterThanOrEqual(0.8);
    expect(result.hits[0].row.value).toMatch(/rotate/i);
    expect(result.hits[0].row).not.toHaveProperty('embedding');
    expect(result.timings.dbMs).toBeGreaterThan(0);
  });

  it('finds more like an entry, without the entry itself', async () => {
    const { rows: [one] } = await projectPool().query("SELECT id FROM memory_entries WHERE embedding IS NOT NULL ORDER BY id LIMIT 1");
    const result = await searchCollection({ like: String(one.id), limit: 5, min_similarity: 0 });
    expect(result.query.kind).toBe('like');
    expect(result.hits.map((h) => h.key)).not.toContain(String(one.id));
    expect(result.hits).toHaveLength(5);
  });

  it('says when filters leave the index short of the limit, and what to do', async () => {
    // On a table this small the planner would rather scan it all; make it plan as it would for a
    // large one, where the HNSW scan wins and filters its candidates afterwards. (The embedded
    // engine has one session behind all its connections, so the setting reaches the search.)
    await projectPool().query('SET enable_seqscan = off');
    const filter = { metadata: { source: 'confluence' }, limit: 50, min_similarity: 0, ef_search: 10 };
    const result = await searchCollection({ text: 'pool', ...filter, exact: true }).finally(() =>
      projectPool().query('RESET enable_seqscan'),
    );
    expect(result.plan?.usedIndex).toBe('idx_memory_embedding');
    expect(result.hits.length).toBeLessThan(50);
    expect(result.exact!.hits).toBe(50);
    expect(result.warnings.join(' ')).toMatch(/The index idx_memory_embedding returned \d+ of 50 rows, but an exact search finds 50\. .*Raise ef_search, or turn on iterative scans/);
    await projectPool().query('SET enable_seqscan = off');
    const iterative = await searchCollection({ text: 'pool', ...filter, iterative: true }).finally(() =>
      projectPool().query('RESET enable_seqscan'),
    );
    expect(iterative.hits.length).toBe(50);
  });

  it('says which filter matched nothing, from the database', async () => {
    const none = await searchCollection({ collection: 'public.probe.embedding', vector: Array(DIM).fill(0.5), namespace: 'nowhere', tags: ['even'], min_similarity: 0 });
    expect(none.hits).toHaveLength(0);
    expect(none.warnings).toContain('The filter namespace "nowhere" matched no row of public.probe.embedding: check the spelling or clear it.');
    const apart = await searchCollection({ collection: 'public.probe.embedding', vector: Array(DIM).fill(0.5), tags: ['even'], metadata: { parity: 'odd' }, min_similarity: 0 });
    expect(apart.warnings.join(' ')).toMatch(/Each filter matches rows of public\.probe\.embedding, but no row has tags even and metadata \{"parity":"odd"\} together\./);
  });

  it('counts the rows passing the filters when the index comes back short, without the exact search', async () => {
    await projectPool().query('SET enable_seqscan = off');
    const result = await searchCollection({ text: 'pool', metadata: { source: 'confluence' }, limit: 50, min_similarity: 0, ef_search: 10 }).finally(() =>
      projectPool().query('RESET enable_seqscan'),
    );
    expect(result.plan?.usedIndex).toBe('idx_memory_embedding');
    expect(result.hits.length).toBeLessThan(50);
    expect(result.warnings.join(' ')).toMatch(/returned \d+ of 50 rows, but at least 50 rows pass the filters\. .*Raise ef_search/);
  });

  it('rejects bad queries naming the field', async () => {
    await expect(searchCollection({ limit: 10 })).rejects.toThrow('query: give exactly one of text, vector or like');
    await expect(searchCollection({ vector: [1, 2, 3] })).rejects.toThrow('vector: expected 384 dimensions, got 3');
    await expect(searchCollection({ vector: '[1,2,3]' })).rejects.toThrow('vector: must be an array of numbers');
    await expect(searchCollection({ vector: [...Array(383).fill(0.1), null] })).rejects.toThrow('vector: must contain only finite numbers (position 383 is null)');
    await expect(searchCollection({ text: 'x', limit: 0 })).rejects.toThrow('limit: must be between 1 and 1000');
    await expect(searchCollection({ text: 'x', limit: 1001 })).rejects.toThrow('limit: must be between 1 and 1000');
    await expect(searchCollection({ text: 'x', min_similarity: 1.5 })).rejects.toThrow('min_similarity: must be between 0 and 1');
    await expect(searchCollection({ text: 'x', distance: 'manhattan' })).rejects.toThrow('distance: must be one of cosine, l2, ip');
    await expect(searchCollection({ text: 'x', collection: 'public.nope.embedding' })).rejects.toThrow('collection: no vector column "public.nope.embedding"');
    await expect(searchCollection({ like: '999999' })).rejects.toThrow('like: no row with key "999999"');
    await expect(searchCollection({ text: 'x', collection: 'public.content_vectors.vector', namespace: 'a' })).rejects.toThrow(
      'namespace: public.content_vectors.vector has no namespace column to filter on',
    );
  });
});

describe('collections from the catalogue', () => {
  it('lists every vector column with dimension, rows and index parameters', async () => {
    const all = await listCollections(projectPool());
    const byId = Object.fromEntries(all.map((c) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(expect.arrayContaining([
      MEMORY_COLLECTION, 'public.patterns.embedding', 'claude_flow.embeddings.embedding', 'public.templates.embedding',
      'public.best_practices.embedding', 'public.content_vectors.vector', 'public.probe.embedding',
    ]));
    const mem = byId[MEMORY_COLLECTION];
    expect(mem.dimension).toBe(384);
    expect(mem.indexes).toEqual([expect.objectContaining({ name: 'idx_memory_embedding', method: 'hnsw', distance: 'cosine', options: { m: '16', ef_construction: '200' } })]);
    expect(mem.indexes[0].bytes).toBeGreaterThan(0);
    expect(byId['public.content_vectors.vector'].dimension).toBe(768);
    expect(byId['public.probe.embedding'].rows).toBe(300);
    expect(byId['public.probe.embedding'].indexes).toEqual([]);
    const one = await getCollection(projectPool(), 'claude_flow.embeddings.embedding');
    expect(one.rows).toBe(300);
    expect(one.keyColumn).toBe('id');
  });

  it('embeds text lexically for a collection of any dimension', async () => {
    const result = await searchCollection({ collection: 'public.templates.embedding', text: 'agent', limit: 3, min_similarity: 0 });
    expect(result.hits).toHaveLength(3);
    expect(result.query.vectorPreview).toEqual(lexicalEmbedding('agent', 1536).slice(0, 8));
  });
});
