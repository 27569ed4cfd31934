// Cost aggregation and rating analytics against sums computed here from the same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { ratingsFromCounts, ratingsFromFeedback, roundedForComparison } from '@/lib/testing/rating-reference';
import { costSeries, costTotals, ratingBy, ratingDistribution, ratingOverTime } from './analytics';
import { compactRatingCounts } from './rating-counts';

let engine: EmbeddedEngine;
const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
const costs = [
  { id: 'a', provider: 'openai', model: 'm1', cost: 1.25, day: 0 },
  { id: 'b', provider: 'openai', model: 'm2', cost: 0.5, day: 0 },
  { id: 'c', provider: 'anthropic', model: 'm3', cost: 2, day: 1 },
  { id: 'd', provider: 'anthropic', model: 'm3', cost: 3.5, day: 10 },
  { id: 'e', provider: 'openai', model: 'm1', cost: 9, day: 45 },
];

beforeAll(async () => {
  engine = await startTestDatabase();
  const pool = projectPool();
  for (const c of costs) {
    await pool.query("INSERT INTO costs (id, provider, model, cost, period_type, period_start) VALUES ($1, $2, $3, $4, 'daily', $5)", [c.id, c.provider, c.model, c.cost, day(c.day)]);
  }
  await pool.query("INSERT INTO costs (id, provider, model, cost, period_type, period_start) VALUES ('m', 'openai', 'm1', 100, 'monthly', date_trunc('month', CURRENT_DATE))");
  await pool.query(`INSERT INTO generations (id, artifact_type, name, content, provider, model, cost, created_at) VALUES
    ('g1', 'agent', 'one', 'x', 'openai', 'm1', 0.4, NOW()), ('g2', 'agent', 'two', 'x', 'openai', 'm2', 0.6, NOW()),
    ('g3', 'tool', 'three', 'x', 'anthropic', 'm3', 1.0, NOW())`);
  await pool.query(`INSERT INTO feedback (id, generation_id, rating) VALUES ('f1', 'g1', 5), ('f2', 'g1', 4), ('f3', 'g2', 2), ('f4', 'g3', 4), ('f5', 'g3', 3)`);
});
afterAll(async () => stopTestDatabase(engine));

describe('costs', () => {
  it('totals today, this month and a range from the daily rows', async () => {
    const t = await costTotals({ from: day(10), to: day(0) });
    const sum = (pred: (c: (typeof costs)[number]) => boolean) => costs.filter(pred).reduce((s, c) => s + c.cost, 0);
    expect(t.today).toBeCloseTo(sum((c) => c.day === 0), 10);
    const thisMonth = new Date().toISOString().slice(0, 7);
    expect(t.month).toBeCloseTo(sum((c) => day(c.day).startsWith(thisMonth)), 10);
    expect(t.range).toBeCloseTo(sum((c) => c.day <= 10), 10);
  });

  it('divides generation cost by the generations rated good', async () => {
    const t = await costTotals({ from: day(1), to: day(0) });
    // g1 averages 4.5 and g3 3.5: one good generation; all three cost 2.0 together.
    expect(t.generationCost).toBeCloseTo(2.0, 10);
    expect(t.goodGenerations).toBe(1);
    expect(t.costPerGood).toBeCloseTo(2.0, 10);
  });

  it('gives daily series per provider and model', async () => {
    const s = await costSeries({ period: 'daily', from: day(10), to: day(0) });
    const total = s.reduce((a, p) => a + p.cost, 0);
    expect(total).toBeCloseTo(costs.filter((c) => c.day <= 10).reduce((a, c) => a + c.cost, 0), 10);
    const monthly = await costSeries({ period: 'monthly', from: day(0), to: day(0) });
    expect(monthly).toEqual([expect.objectContaining({ provider: 'openai', model: 'm1', cost: 100 })]);
    expect(new Set(s.map((p) => p.model))).toEqual(new Set(['m1', 'm2', 'm3']));
  });

  it('names a bad range', async () => {
    await expect(costTotals({ from: 'yesterday', to: day(0) })).rejects.toThrow('from: must be a date like 2026-11-22');
    await expect(costTotals({ from: '2026-13-45', to: '2026-14-01' })).rejects.toThrow('from: must be a date like 2026-11-22');
    await expect(costTotals({ from: day(0), to: day(5) })).rejects.toThrow('from: must not be after to');
  });
});

describe('ratings', () => {
  it('counts each rating, including the ones nobody gave', async () => {
    expect(await ratingDistribution()).toEqual([
      { rating: 1, n: 0 }, { rating: 2, n: 1 }, { rating: 3, n: 1 }, { rating: 4, n: 2 }, { rating: 5, n: 1 },
    ]);
  });

  it('averages by model and provider, lowest first, with counts', async () => {
    expect(await ratingBy('model')).toEqual([
      { key: 'm2', avg: 2, n: 1 }, { key: 'm3', avg: 3.5, n: 2 }, { key: 'm1', avg: 4.5, n: 2 },
    ]);
    const byProvider = await ratingBy('provider');
    expect(byProvider[0]).toEqual({ key: 'anthropic', avg: 3.5, n: 2 });
    expect(byProvider[1].key).toBe('openai');
    expect(byProvider[1].avg).toBeCloseTo(11 / 3, 10);
    await expect(ratingBy('colour' as 'model')).rejects.toThrow('dimension: must be template, model or provider');
  });

  it('averages over time per day', async () => {
    const series = await ratingOverTime({ bucket: 'day' });
    expect(series.reduce((s, p) => s + p.n, 0)).toBe(5);
    expect(series.at(-1)!.avg).toBeCloseTo(18 / 5, 10);
  });
});

describe('rating counts kept by triggers', () => {
  it('agree with aggregates over the feedback through every kind of write', async () => {
    const db = projectPool();
    // Exact with the changes still appended, and again once they are folded into the totals.
    const check = async (step: string) => {
      const expected = roundedForComparison(await ratingsFromFeedback());
      expect(roundedForComparison(await ratingsFromCounts()), step).toEqual(expected);
      expect(await compactRatingCounts(db), step).toBeGreaterThan(0);
      expect(roundedForComparison(await ratingsFromCounts()), `${step}, compacted`).toEqual(expected);
      const { rows } = await db.query(`SELECT (SELECT count(*) FROM recall.rating_day_changes) + (SELECT count(*) FROM recall.rating_key_changes)
        + (SELECT count(*) FROM recall.generation_day_changes) + (SELECT count(*) FROM recall.deleted_generations) AS n`);
      expect(rows[0].n, step).toBe('0');
    };
    await db.query(`INSERT INTO templates (id, artifact_type, name, content) VALUES ('tp1', 'agent', 'planner', 'x'), ('tp2', 'agent', 'coder', 'x')`);
    await db.query(`INSERT INTO generations (id, artifact_type, name, content, provider, model, template_id, created_at)
      SELECT 'rc' || i, 'agent', 'rc', 'x', (ARRAY['openai', 'anthropic', NULL])[i % 3 + 1], 'm' || (i % 4), (ARRAY['tp1', 'tp2', NULL])[i % 3 + 1], NOW() - (i % 12) * interval '4 days'
      FROM generate_series(1, 40) i`);
    await db.query(`UPDATE generations SET cost = (substr(id, 3)::int % 7) * 0.25 WHERE id LIKE 'rc%' AND substr(id, 3)::int % 5 <> 0`);
    await db.query(`INSERT INTO feedback (id, generation_id, rating, created_at)
      SELECT 'rcf' || i, 'rc' || (i % 40 + 1), i % 5 + 1, NOW() - (i % 9) * interval '1 day' FROM generate_series(1, 400) i`);
    await check('bulk insert');
    await db.query(`INSERT INTO feedback (id, generation_id, rating) VALUES ('rc-free', NULL, 2), ('rc-none', 'rc1', NULL)`);
    await db.query(`INSERT INTO feedback (id, generation_id, rating, created_at) VALUES ('rc-undated', 'rc2', 1, NULL)`);
    await check('feedback on no generation, without a rating, without a date');
    await db.query(`UPDATE feedback SET rating = 6 - rating WHERE id LIKE 'rcf1%'`);
    await db.query(`UPDATE feedback SET comment = 'edited' WHERE id LIKE 'rcf2%'`);
    await db.query(`UPDATE feedback SET rating = NULL WHERE id = 'rcf3'`);
    await db.query(`UPDATE feedback SET rating = 5 WHERE id = 'rc-none'`);
    await db.query(`UPDATE feedback SET generation_id = 'rc7', created_at = created_at - interval '3 days' WHERE id LIKE 'rcf4%'`);
    await check('feedback edited');
    await db.query(`UPDATE generations SET model = 'm9' WHERE id IN ('rc3', 'rc4')`);
    await db.query(`UPDATE generations SET provider = NULL, model = 'm1' WHERE id = 'rc5'`);
    await db.query(`UPDATE generations SET name = 'renamed' WHERE id = 'rc6'`);
    await db.query(`DELETE FROM templates WHERE id = 'tp2'`);
    await db.query(`UPDATE templates SET name = 'planner v2' WHERE id = 'tp1'`);
    await db.query(`UPDATE generations SET cost = cost + 1 WHERE id IN ('rc14', 'rc15')`);
    await db.query(`UPDATE generations SET created_at = created_at - interval '20 days' WHERE id IN ('rc16', 'rc17')`);
    await db.query(`UPDATE generations SET created_at = NULL WHERE id = 'rc18'`);
    await db.query(`INSERT INTO generations (id, artifact_type, name, content, cost, created_at) VALUES ('rc-new', 'agent', 'n', 'x', 2.5, NOW()), ('rc-free', 'agent', 'n', 'x', NULL, NOW())`);
    await db.query(`INSERT INTO feedback (id, generation_id, rating) VALUES ('rc-new-1', 'rc-new', 5), ('rc-new-2', 'rc-new', 3), ('rc-new-3', 'rc-new', 4)`);
    await db.query(`DELETE FROM feedback WHERE id = 'rc-new-2'`);
    await check('generations and templates changed');
    await db.query(`DELETE FROM feedback WHERE id LIKE 'rcf5%'`);
    await db.query(`DELETE FROM generations WHERE id IN ('rc8', 'rc9', 'rc10')`);
    await check('feedback and generations deleted');
    await db.query('BEGIN');
    await db.query(`DELETE FROM feedback WHERE id = 'rcf11'`);
    await db.query(`DELETE FROM generations WHERE id = 'rc12'`);
    await db.query('ROLLBACK');
    expect(roundedForComparison(await ratingsFromCounts()), 'a rolled-back delete').toEqual(roundedForComparison(await ratingsFromFeedback()));
    // Counts collapse to one row per day and rating, and per key and rating: far fewer rows than ratings.
    const { rows } = await db.query(`SELECT (SELECT count(*) FROM recall.rating_days)::int AS days, (SELECT count(*) FROM recall.rating_keys)::int AS keys,
      (SELECT count(*) FROM recall.rating_days WHERE n = 0)::int + (SELECT count(*) FROM recall.rating_keys WHERE n = 0)::int AS zero`);
    expect(rows[0].zero).toBe(0);
    expect(rows[0].days).toBeLessThan(100);
    expect(rows[0].keys).toBeLessThan(200);
  });

  it('are emptied with the feedback by TRUNCATE', async () => {
    const db = projectPool();
    await db.query('TRUNCATE feedback');
    expect(roundedForComparison(await ratingsFromCounts()), 'feedback truncated').toEqual(roundedForComparison(await ratingsFromFeedback()));
    expect((await ratingsFromCounts()).costs[1].generationCost).toBeGreaterThan(0);
    await db.query('TRUNCATE generations CASCADE');
    const { rows } = await db.query(`SELECT (SELECT count(*) FROM recall.rating_days) + (SELECT count(*) FROM recall.rating_keys)
      + (SELECT count(*) FROM recall.rating_day_changes) + (SELECT count(*) FROM recall.rating_key_changes) AS n`);
    expect(rows[0].n).toBe('0');
    expect(await ratingDistribution()).toEqual([1, 2, 3, 4, 5].map((rating) => ({ rating, n: 0 })));
    expect(await ratingBy('model')).toEqual([]);
  });
});
