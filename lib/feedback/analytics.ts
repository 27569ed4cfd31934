// Feedback analytics and costs (seed 002's CostRepository): what reviewers think, by template, model
// and provider, and what generating costs — every average with the count behind it.
import { z } from 'zod';
import { projectPool } from '@/lib/db/pools';
import { parseInput, ValidationError } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';

// The rating figures read the counts that migration 0019's triggers keep, per day and rating and per
// template, provider, model and rating: the compacted totals plus the changes appended since.
const ratingDays = '(SELECT day, rating, n FROM recall.rating_days UNION ALL SELECT day, rating, n FROM recall.rating_day_changes)';
const ratingKeys = `(SELECT template_id, provider, model, rating, n FROM recall.rating_keys
  UNION ALL SELECT template_id, provider, model, rating, n FROM recall.rating_key_changes)`;
const avgRating = 'sum(c.rating * c.n)::float8 / sum(c.n)';

export const ratingDistribution = traced('analytics.ratings', async function ratingDistribution() {
  const { rows } = await projectPool().query<{ rating: number; n: number }>(
    `SELECT r AS rating, coalesce(sum(c.n), 0)::float8 AS n FROM generate_series(1, 5) r LEFT JOIN ${ratingDays} c ON c.rating = r
     GROUP BY r ORDER BY r`,
  );
  return rows;
});

const bucketInput = z.object({ bucket: z.enum(['day', 'week'], { error: 'must be day or week' }).default('day') });

export const ratingOverTime = traced('analytics.rating_over_time', async function ratingOverTime(input: unknown) {
  const { bucket } = parseInput(bucketInput, input);
  const { rows } = await projectPool().query(
    `SELECT extract(epoch FROM date_trunc('${bucket}', c.day::timestamp)) * 1000 AS t, ${avgRating} AS avg, sum(c.n)::float8 AS n
     FROM ${ratingDays} c WHERE c.day IS NOT NULL GROUP BY 1 HAVING sum(c.n) > 0 ORDER BY 1`,
  );
  return rows.map((r) => ({ t: Number(r.t), avg: r.avg as number, n: r.n as number }));
});

const DIMENSIONS = {
  template: `coalesce(t.name, '(no template)')`,
  model: `coalesce(c.model, '(unknown)')`,
  provider: `coalesce(c.provider, '(unknown)')`,
} as const;

/** Average rating per template, model or provider, lowest first, with the number of ratings behind each. */
export const ratingBy = traced('analytics.rating_by', async function ratingBy(dimension: keyof typeof DIMENSIONS) {
  if (!(dimension in DIMENSIONS)) throw new ValidationError('dimension', 'must be template, model or provider');
  const { rows } = await projectPool().query(
    `SELECT ${DIMENSIONS[dimension]} AS key, ${avgRating} AS avg, sum(c.n)::float8 AS n
     FROM ${ratingKeys} c LEFT JOIN templates t ON t.id = c.template_id
     GROUP BY 1 HAVING sum(c.n) > 0 ORDER BY avg ASC, n DESC`,
  );
  return rows as { key: string; avg: number; n: number }[];
});

const date = z
  .string({ error: 'required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-22')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'must be a date like 2026-11-22');
export const rangeInput = z
  .object({ from: date, to: date })
  .refine((r) => r.from <= r.to, { message: 'must not be after to', path: ['from'] });

export const costTotals = traced('costs.totals', async function costTotals(range: unknown) {
  const r = parseInput(rangeInput, range);
  const { rows } = await projectPool().query(
    `SELECT
       coalesce(sum(cost) FILTER (WHERE period_start = CURRENT_DATE), 0)::float8 AS today,
       coalesce(sum(cost) FILTER (WHERE date_trunc('month', period_start) = date_trunc('month', CURRENT_DATE)), 0)::float8 AS month,
       coalesce(sum(cost) FILTER (WHERE period_start BETWEEN $1::date AND $2::date), 0)::float8 AS range
     FROM costs WHERE period_type = 'daily'`,
    [r.from, r.to],
  );
  // Cost per generation rated good (average rating 4 or more) in the range: from the per-day counts that
  // migration 0019's triggers keep, totals plus the changes appended since.
  const good = await projectPool().query(
    `SELECT coalesce(sum(c.cost), 0)::float8 AS cost, coalesce(sum(c.good), 0)::int AS good
     FROM (SELECT day, cost, good FROM recall.generation_days UNION ALL SELECT day, cost, good FROM recall.generation_day_changes) c
     WHERE c.day BETWEEN $1::date AND $2::date`,
    [r.from, r.to],
  );
  const { cost, good: goodCount } = good.rows[0];
  return { ...rows[0], generationCost: cost, goodGenerations: goodCount, costPerGood: goodCount ? cost / goodCount : null } as {
    today: number; month: number; range: number; generationCost: number; goodGenerations: number; costPerGood: number | null;
  };
});

/** Daily or monthly cost per provider and model, for stacked charts. */
export const costSeries = traced('costs.series', async function costSeries(input: unknown) {
  const { period, from, to } = parseInput(
    z.object({ period: z.enum(['daily', 'monthly'], { error: 'must be daily or monthly' }) }).and(rangeInput),
    input,
  );
  const { rows } = await projectPool().query(
    `SELECT extract(epoch FROM period_start) * 1000 AS t, provider, model, sum(cost)::float8 AS cost,
            sum(input_tokens)::float8 AS input_tokens, sum(output_tokens)::float8 AS output_tokens
     FROM costs WHERE period_type = $1
       AND period_start BETWEEN (CASE WHEN $1 = 'monthly' THEN date_trunc('month', $2::date) ELSE $2::date END) AND $3::date
     GROUP BY 1, 2, 3 ORDER BY 1`,
    [period, from, to],
  );
  return rows.map((r) => ({ t: Number(r.t), provider: r.provider as string, model: r.model as string, cost: r.cost as number }));
});
