// Tests' reference for the Feedback page's rating figures and the Costs page's cost per well-rated
// generation: the same figures aggregated straight from every generation and piece of feedback, as the
// console read them before migration 0019 kept counts.
import { projectPool } from '@/lib/db/pools';
import { costTotals, ratingBy, ratingDistribution, ratingOverTime } from '@/lib/feedback/analytics';

const isoDay = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
/** Ranges that end today, and one that ends before it. */
const RANGES = [[isoDay(3), isoDay(0)], [isoDay(40), isoDay(0)], [isoDay(40), isoDay(5)]];

export async function ratingsFromFeedback() {
  const db = projectPool();
  const by = async (key: string) =>
    (await db.query(`SELECT ${key} AS key, avg(f.rating)::float8 AS avg, count(*)::float8 AS n
       FROM feedback f JOIN generations g ON g.id = f.generation_id LEFT JOIN templates t ON t.id = g.template_id
       WHERE f.rating IS NOT NULL GROUP BY 1 ORDER BY avg ASC, n DESC`)).rows;
  return {
    distribution: (await db.query(`SELECT r AS rating, count(f.id)::float8 AS n FROM generate_series(1, 5) r LEFT JOIN feedback f ON f.rating = r GROUP BY r ORDER BY r`)).rows,
    overTime: (await db.query(`SELECT extract(epoch FROM date_trunc('day', created_at)) * 1000 AS t, avg(rating)::float8 AS avg, count(*)::float8 AS n
       FROM feedback WHERE created_at IS NOT NULL AND rating IS NOT NULL GROUP BY 1 ORDER BY 1`)).rows.map((r) => ({ ...r, t: Number(r.t) })),
    template: await by(`coalesce(t.name, '(no template)')`),
    model: await by(`coalesce(g.model, '(unknown)')`),
    provider: await by(`coalesce(g.provider, '(unknown)')`),
    costs: await Promise.all(RANGES.map(async ([from, to]) => (await db.query(
      `SELECT coalesce(sum(g.cost), 0)::float8 AS "generationCost", count(*) FILTER (WHERE s.avg >= 4)::int AS "goodGenerations"
       FROM generations g LEFT JOIN (SELECT generation_id, avg(rating) AS avg FROM feedback GROUP BY 1) s ON s.generation_id = g.id
       WHERE g.created_at::date BETWEEN $1::date AND $2::date`, [from, to])).rows[0])),
  };
}
export async function ratingsFromCounts() {
  return {
    distribution: await ratingDistribution(), overTime: await ratingOverTime({ bucket: 'day' }),
    template: await ratingBy('template'), model: await ratingBy('model'), provider: await ratingBy('provider'),
    costs: await Promise.all(RANGES.map(async ([from, to]) => {
      const t = await costTotals({ from, to });
      return { generationCost: t.generationCost, goodGenerations: t.goodGenerations };
    })),
  };
}
export const roundedForComparison = (a: Awaited<ReturnType<typeof ratingsFromFeedback>>) =>
  JSON.parse(JSON.stringify(a, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 + 0 : v)));

