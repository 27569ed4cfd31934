// Generations (seed 002's GenerationRepository) with their feedback, and promotion to a template.
import { randomUUID } from 'node:crypto';
import pgvector from 'pgvector';
import { z } from 'zod';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { EXACT_COUNT_LIMIT, estimatedRows } from '@/lib/db/sql';
import { recordAudit, type Actor } from '@/lib/audit';
import { ConflictError, NotFoundError, parseInput } from '@/lib/errors';
import { embedFor } from '@/lib/embeddings/provider';
import { traced } from '@/lib/metrics/recorder';
import { pageField, storableText, decimal, numberInput } from '@/lib/vector/validation';

export const GENERATIONS_PAGE_SIZE = 50;

const optionalText = storableText('must be text').max(200, 'at most 200 characters').optional().transform((v) => (v ? v : undefined));
const rating = decimal(numberInput('must be a number from 1 to 5').min(1, 'must be a number from 1 to 5').max(5, 'must be a number from 1 to 5'));
const date = storableText('must be text').regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-22').optional().transform((v) => (v ? v : undefined));

export const generationFilters = z.object({
  artifactType: optionalText,
  provider: optionalText,
  model: optionalText,
  minRating: z.union([z.literal(''), rating]).optional().transform((v) => (v === '' ? undefined : v)),
  maxRating: z.union([z.literal(''), rating]).optional().transform((v) => (v === '' ? undefined : v)),
  feedback: z.enum(['any', 'with', 'without'], { error: 'must be any, with or without' }).default('any'),
  from: date,
  to: date,
  page: pageField,
});
export type GenerationFilters = z.input<typeof generationFilters>;

/** Filtered totals are counted up to this many matches, then shown as "more than". */
export const GENERATIONS_COUNT_CAP = 10_000;
/**
 * The same for a filter on the average rating, where every generation looked at costs a lookup of its
 * feedback: counting 10,000 matches of "4.5 or more" took 441 ms at 1M generations on native, 1,000 84–112 ms.
 */
export const RATED_COUNT_CAP = 1_000;
/** Values a filter's drop-down lists, at most. */
const FACET_MAX = 200;

export type GenerationsTotal = { n: number; kind: 'exact' | 'estimate' | 'atLeast' };

/** The distinct values of a column, by a loose scan of its index: one index probe per value, not a pass over the table. */
const facet = (column: 'artifact_type' | 'provider' | 'model') => `
  WITH RECURSIVE v(x, i) AS (
    (SELECT ${column}, 1 FROM generations WHERE ${column} IS NOT NULL ORDER BY ${column} LIMIT 1)
    UNION ALL
    SELECT (SELECT ${column} FROM generations WHERE ${column} > v.x ORDER BY ${column} LIMIT 1), v.i + 1 FROM v WHERE v.x IS NOT NULL AND v.i < ${FACET_MAX}
  ) SELECT coalesce(array_agg(x ORDER BY x) FILTER (WHERE x IS NOT NULL), '{}') AS xs FROM v`;

/**
 * A page of generations, newest first, with their feedback. Read the same at millions of rows: the page
 * walks (created_at DESC, id) and counts feedback for its own rows only (by generation_id); the total is
 * exact up to GENERATIONS_COUNT_CAP matches (RATED_COUNT_CAP with a rating filter), else "more than";
 * without filters, the planner's estimate past EXACT_COUNT_LIMIT rows; the drop-downs come from loose
 * index scans (sql/migrations/0018).
 */
export const listGenerations = traced('generations.list', async function listGenerations(input: GenerationFilters) {
  const f = parseInput(generationFilters, input);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.artifactType) add('g.artifact_type = ?', f.artifactType);
  if (f.provider) add('g.provider = ?', f.provider);
  if (f.model) add('g.model = ?', f.model);
  if (f.from) add('g.created_at >= ?::date', f.from);
  if (f.to) add("g.created_at < ?::date + interval '1 day'", f.to);
  // With or without feedback: a semi- or anti-join the planner can run over idx_feedback_generation as a whole.
  if (f.feedback === 'with') where.push('EXISTS (SELECT 1 FROM feedback fb WHERE fb.generation_id = g.id)');
  if (f.feedback === 'without') where.push('NOT EXISTS (SELECT 1 FROM feedback fb WHERE fb.generation_id = g.id)');
  const onFeedback = f.minRating !== undefined || f.maxRating !== undefined;
  if (f.minRating !== undefined) add('s.avg >= ?', f.minRating);
  if (f.maxRating !== undefined) add('s.avg <= ?', f.maxRating);
  // One generation's feedback, through idx_feedback_generation: always one row (n = 0, avg NULL without any).
  const feedbackOf = 'LEFT JOIN LATERAL (SELECT count(*)::int AS n, avg(rating)::float8 AS avg FROM feedback fb WHERE fb.generation_id = g.id) s ON true';
  const filtered = `FROM generations g ${onFeedback ? feedbackOf : ''} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const pool = projectPool();
  const offset = (f.page - 1) * GENERATIONS_PAGE_SIZE;
  const [total, rows, facets] = await Promise.all([
    generationsTotal(pool, filtered, params, where.length > 0, onFeedback ? RATED_COUNT_CAP : GENERATIONS_COUNT_CAP),
    pool.query(
      `SELECT g.id, g.artifact_type, g.name, g.provider, g.model, g.tokens_used, g.cost, g.quality_score, g.created_at,
              s.n AS feedback_count, s.avg AS avg_rating
         FROM (SELECT g.* ${filtered} ORDER BY g.created_at DESC, g.id LIMIT ${GENERATIONS_PAGE_SIZE} OFFSET $${params.length + 1}) g
         ${feedbackOf}
        ORDER BY g.created_at DESC, g.id`,
      [...params, offset],
    ),
    pool.query<{ types: string[]; providers: string[]; models: string[] }>(
      `SELECT (${facet('artifact_type')}) AS types, (${facet('provider')}) AS providers, (${facet('model')}) AS models`),
  ]);
  return {
    ...f,
    total,
    pages: Math.max(1, Math.ceil(total.n / GENERATIONS_PAGE_SIZE)),
    rows: rows.rows,
    facets: { types: facets.rows[0].types, providers: facets.rows[0].providers, models: facets.rows[0].models },
  };
});

async function generationsTotal(pool: Queryable, filtered: string, params: unknown[], hasFilters: boolean, cap: number): Promise<GenerationsTotal> {
  if (!hasFilters) {
    const estimate = await estimatedRows(pool, 'public.generations');
    if (estimate > EXACT_COUNT_LIMIT) return { n: Math.round(estimate), kind: 'estimate' };
  }
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 ${filtered} LIMIT ${cap + 1}) x`, params);
  return rows[0].n > cap ? { n: cap, kind: 'atLeast' } : { n: rows[0].n, kind: 'exact' };
}

export const getGeneration = traced('generations.get', async function getGeneration(id: string) {
  const { rows } = await projectPool().query(
    `SELECT g.*, t.name AS template_name,
            (SELECT json_agg(json_build_object('id', p.id, 'name', p.name)) FROM templates p WHERE p.source_generation_id = g.id) AS promoted
     FROM generations g LEFT JOIN templates t ON t.id = g.template_id WHERE g.id = $1`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError(`generation: no generation "${id}"`);
  return rows[0];
});

/** Seed 002's promote_from_generation: a template with the generation's content, linked to it. */
export const promoteToTemplate = traced('generations.promote', async function promoteToTemplate(actor: Actor, generationId: unknown) {
  const id = parseInput(z.object({ generation: storableText('must be text').min(1, 'required').max(200) }), { generation: generationId }).generation;
  const g = await getGeneration(id);
  const [vector] = await embedFor('public.templates.embedding', 1536, [g.content]);
  return withTransaction(projectPool(), async (client) => {
    const existing = await client.query('SELECT id FROM templates WHERE source_generation_id = $1', [id]);
    if (existing.rows[0]) throw new ConflictError(`generation: already promoted to template ${existing.rows[0].id}`, 'generation');
    const templateId = `tpl-${randomUUID().slice(0, 8)}`;
    await client.query(
      `INSERT INTO templates (id, artifact_type, name, content, quality_score, usage_count, source, embedding, source_generation_id)
       VALUES ($1, $2, $3, $4, $5, 0, 'promoted', $6::vector, $7)`,
      [templateId, g.artifact_type, g.name, g.content, g.quality_score, pgvector.toSql(vector), id],
    );
    await client.query('UPDATE generations SET template_id = coalesce(template_id, $1) WHERE id = $2', [templateId, id]);
    await recordAudit(client, actor, 'template.promote', templateId, { generation: id });
    return templateId;
  });
});
