// The Feedback page's generations list on the embedded engine: filters on the generation and on its
// feedback, newest first, totals that stay exact up to the cap and say when they are not, the filter
// drop-downs, and at 100k+ rows plans that walk indexes rather than the table.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { GENERATIONS_COUNT_CAP, GENERATIONS_PAGE_SIZE, listGenerations, RATED_COUNT_CAP } from './generations';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
  const db = projectPool();
  // g1…g6, one minute apart (g6 newest); g2 and g3 share a timestamp, so id breaks the tie.
  await db.query(`INSERT INTO generations (id, artifact_type, name, content, provider, model, created_at) VALUES
    ('g1', 'code', 'one', 'x', 'openai', 'gpt', '2026-11-01 10:00'),
    ('g2', 'doc', 'two', 'x', 'anthropic', 'claude', '2026-11-02 10:00'),
    ('g3', 'doc', 'three', 'x', 'anthropic', 'claude', '2026-11-02 10:00'),
    ('g4', 'code', 'four', 'x', NULL, NULL, '2026-11-03 10:00'),
    ('g5', 'plan', 'five', 'x', 'openai', 'gpt-mini', '2026-11-04 10:00'),
    ('g6', 'code', 'six', 'x', 'openai', 'gpt', '2026-11-05 10:00')`);
  await db.query(`INSERT INTO feedback (id, generation_id, rating) VALUES
    ('f1', 'g1', 5), ('f2', 'g1', 4), ('f3', 'g2', 2), ('f4', 'g5', 3), ('f5', 'g5', 5), ('f6', 'g6', 1)`);
}, 120_000);
afterAll(async () => stopTestDatabase(engine));

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }
const flatten = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(flatten)];
const ids = async (filters: Parameters<typeof listGenerations>[0]) => (await listGenerations(filters)).rows.map((r) => r.id);

describe('the generations list', () => {
  it('lists newest first, with each generation’s feedback count and average', async () => {
    const list = await listGenerations({});
    expect(list.rows.map((r) => r.id)).toEqual(['g6', 'g5', 'g4', 'g2', 'g3', 'g1']);
    expect(list.total).toEqual({ n: 6, kind: 'exact' });
    const g5 = list.rows.find((r) => r.id === 'g5')!;
    expect(g5).toMatchObject({ feedback_count: 2, avg_rating: 4 });
    expect(list.rows.find((r) => r.id === 'g4')).toMatchObject({ feedback_count: 0, avg_rating: null });
  });

  it('filters on the generation and on its feedback', async () => {
    expect(await ids({ provider: 'openai' })).toEqual(['g6', 'g5', 'g1']);
    expect(await ids({ artifactType: 'doc', model: 'claude' })).toEqual(['g2', 'g3']);
    expect(await ids({ from: '2026-11-02', to: '2026-11-03' })).toEqual(['g4', 'g2', 'g3']);
    expect(await ids({ feedback: 'with' })).toEqual(['g6', 'g5', 'g2', 'g1']);
    expect(await ids({ feedback: 'without' })).toEqual(['g4', 'g3']);
    expect(await ids({ minRating: '4' })).toEqual(['g5', 'g1']);
    expect(await ids({ maxRating: '2', provider: 'openai' })).toEqual(['g6']);
    expect((await listGenerations({ feedback: 'without' })).total).toEqual({ n: 2, kind: 'exact' });
  });

  it('offers each distinct type, provider and model once', async () => {
    expect((await listGenerations({})).facets).toEqual({ types: ['code', 'doc', 'plan'], providers: ['anthropic', 'openai'], models: ['claude', 'gpt', 'gpt-mini'] });
  });

  it('refuses bad filters by field', async () => {
    await expect(listGenerations({ minRating: '9' })).rejects.toThrow(/minRating: must be a number from 1 to 5/);
    await expect(listGenerations({ from: 'yesterday' })).rejects.toThrow(/from: must be a date/);
  });
});

describe('past 100,000 generations', () => {
  beforeAll(async () => {
    await projectPool().query(`INSERT INTO generations (id, artifact_type, name, content, provider, model, created_at)
      SELECT 'b' || g, 'bulk', 'bulk ' || g, 'x', 'local', 'm' || (g % 5), TIMESTAMP '2026-10-01' - make_interval(secs => g) FROM generate_series(1, 100500) g;
      ANALYZE generations; ANALYZE feedback`);
  }, 300_000);

  it('shows the planner’s estimate without filters, and "more than" the cap with them', async () => {
    const all = await listGenerations({});
    expect(all.total.kind).toBe('estimate');
    expect(Math.abs(all.total.n - 100_506)).toBeLessThan(10_000);
    expect(all.rows.map((r) => r.id).slice(0, 2)).toEqual(['g6', 'g5']);
    const bulk = await listGenerations({ artifactType: 'bulk', page: '3' });
    expect(bulk.total).toEqual({ n: GENERATIONS_COUNT_CAP, kind: 'atLeast' });
    expect(bulk.rows[0].id).toBe(`b${2 * GENERATIONS_PAGE_SIZE + 1}`);
    expect((await listGenerations({ model: 'm1', feedback: 'without', to: '2026-09-30' })).total.kind).toBe('atLeast');
    expect((await listGenerations({})).facets.models).toEqual(['claude', 'gpt', 'gpt-mini', 'm0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('counts a filter on the average rating to a lower cap, each match costing a lookup of its feedback', async () => {
    await projectPool().query(`INSERT INTO feedback (id, generation_id, rating) SELECT 'bf' || g, 'b' || g, 5 FROM generate_series(1, ${RATED_COUNT_CAP + 200}) g`);
    const rated = await listGenerations({ minRating: '4.5', page: '2' });
    expect(rated.total).toEqual({ n: RATED_COUNT_CAP, kind: 'atLeast' });
    expect(rated.rows).toHaveLength(GENERATIONS_PAGE_SIZE);
    expect(rated.rows.every((r) => r.avg_rating >= 4.5)).toBe(true);
    expect((await listGenerations({ minRating: '4.5', to: '2026-09-30' })).total).toEqual({ n: RATED_COUNT_CAP, kind: 'atLeast' });
    await projectPool().query(`DELETE FROM feedback WHERE id LIKE 'bf%'`);
  });

  it('reads a page and the drop-downs through indexes, not by scanning generations', async () => {
    const pool = projectPool();
    const original = pool.query.bind(pool) as (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
    const seen: { sql: string; params?: unknown[] }[] = [];
    const spy = vi.spyOn(pool, 'query').mockImplementation(((sql: string, params?: unknown[]) => {
      seen.push({ sql, params });
      return original(sql, params);
    }) as never);
    try {
      await listGenerations({ page: '2' });
    } finally {
      spy.mockRestore();
    }
    const reads = seen.filter((q) => /\bgenerations\b/.test(q.sql) && !/pg_class/.test(q.sql));
    expect(reads).toHaveLength(2); // the page and the drop-downs (the total is the estimate)
    for (const q of reads) {
      const { rows } = await original(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.params);
      const nodes = flatten((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan);
      expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'generations'), q.sql).toEqual([]);
      expect(nodes.some((n) => n['Index Name']?.startsWith('idx_generations_')), q.sql).toBe(true);
    }
  });
});
