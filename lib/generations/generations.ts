// Generations (seed 002's GenerationRepository) with their feedback, and promotion to a template.
import { randomUUID } from 'node:crypto';
import pgvector from 'pgvector';
import { z } from 'zod';
import { projectPool, withTransaction } from '@/lib/db/pools';
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
  if (f.feedback === 'with') where.push('s.n > 0');
  if (f.feedback === 'without') where.push('coalesce(s.n, 0) = 0');
  if (f.minRating !== undefined) add('s.avg >= ?', f.minRating);
  if (f.maxRating !== undefined) add('s.avg <= ?', f.maxRating);
  const from = `FROM generations g LEFT JOIN (SELECT generation_id, count(*)::int AS n, avg(rating)::float8 AS avg FROM feedback GROUP BY 1) s ON s.generation_id = g.id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const pool = projectPool();
  const [count, rows, facets] = await Promise.all([
    pool.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params),
    pool.query(
      `SELECT g.id, g.artifact_type, g.name, g.provider, g.model, g.tokens_used, g.cost, g.quality_score, g.created_at,
              coalesce(s.n, 0) AS feedback_count, s.avg AS avg_rating
       ${from} ORDER BY g.created_at DESC, g.id LIMIT ${GENERATIONS_PAGE_SIZE} OFFSET $${params.length + 1}`,
      [...params, (f.page - 1) * GENERATIONS_PAGE_SIZE],
    ),
    pool.query(`SELECT array_agg(DISTINCT artifact_type) AS types, array_agg(DISTINCT provider) FILTER (WHERE provider IS NOT NULL) AS providers,
                       array_agg(DISTINCT model) FILTER (WHERE model IS NOT NULL) AS models FROM generations`),
  ]);
  return {
    ...f,
    total: count.rows[0].n,
    pages: Math.max(1, Math.ceil(count.rows[0].n / GENERATIONS_PAGE_SIZE)),
    rows: rows.rows,
    facets: { types: facets.rows[0].types ?? [], providers: facets.rows[0].providers ?? [], models: facets.rows[0].models ?? [] },
  };
});

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
