// Templates (seed 002's TemplateRepository): browse, filter, sort; the feedback their generations
// received; similar templates by vector search on the template's embedding.
import { randomUUID } from 'node:crypto';
import pgvector from 'pgvector';
import { z } from 'zod';
import { projectPool, withTransaction } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { embedFor } from '@/lib/embeddings/provider';
import { NotFoundError, parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';
import { searchCollection } from '@/lib/search/search';
import { containsPattern } from '@/lib/db/sql';
import { numberBetween, storableText } from '@/lib/vector/validation';

const SORTS = { quality: 'quality_score DESC NULLS LAST', usage: 'usage_count DESC NULLS LAST', newest: 'created_at DESC NULLS LAST' } as const;

export const templateFilters = z.object({
  artifactType: storableText('must be text').max(200).optional().transform((v) => v || undefined),
  source: storableText('must be text').max(200).optional().transform((v) => v || undefined),
  text: storableText('must be text').max(200, 'at most 200 characters').optional().transform((v) => v || undefined),
  sort: z.enum(Object.keys(SORTS) as [keyof typeof SORTS], { error: 'must be quality, usage or newest' }).default('quality'),
});

export const listTemplates = traced('templates.list', async function listTemplates(input: z.input<typeof templateFilters>) {
  const f = parseInput(templateFilters, input);
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.artifactType) where.push(`artifact_type = $${params.push(f.artifactType)}`);
  if (f.source) where.push(`source = $${params.push(f.source)}`);
  if (f.text) where.push(`(name ILIKE $${params.push(containsPattern(f.text))} OR content ILIKE $${params.length})`);
  const pool = projectPool();
  const [rows, facets] = await Promise.all([
    pool.query(
      `SELECT t.id, t.artifact_type, t.name, t.pattern, t.quality_score, t.usage_count, t.source, t.created_at,
              (SELECT count(*)::int FROM generations g JOIN feedback fb ON fb.generation_id = g.id WHERE g.template_id = t.id) AS feedback_count,
              (SELECT avg(fb.rating)::float8 FROM generations g JOIN feedback fb ON fb.generation_id = g.id WHERE g.template_id = t.id) AS avg_rating
       FROM templates t ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${SORTS[f.sort]}, id`,
      params,
    ),
    pool.query('SELECT array_agg(DISTINCT artifact_type) AS types, array_agg(DISTINCT source) FILTER (WHERE source IS NOT NULL) AS sources FROM templates'),
  ]);
  return { ...f, rows: rows.rows, facets: { types: facets.rows[0].types ?? [], sources: facets.rows[0].sources ?? [] } };
});

export const getTemplate = traced('templates.get', async function getTemplate(id: string) {
  const pool = projectPool();
  const { rows } = await pool.query(
    `SELECT t.id, t.artifact_type, t.name, t.pattern, t.content, t.quality_score, t.usage_count, t.source, t.created_at,
            t.source_generation_id, t.embedding IS NOT NULL AS has_embedding FROM templates t WHERE t.id = $1`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError(`template: no template "${id}"`);
  const feedback = await pool.query(
    `SELECT fb.id, fb.rating, fb.comment, fb.created_at, g.id AS generation_id, g.name AS generation_name, u.email
     FROM generations g JOIN feedback fb ON fb.generation_id = g.id LEFT JOIN recall.users u ON u.id = fb.user_id
     WHERE g.template_id = $1 OR g.id = $2 ORDER BY fb.created_at DESC LIMIT 100`,
    [id, rows[0].source_generation_id],
  );
  const similar = rows[0].has_embedding
    ? (await searchCollection({ collection: 'public.templates.embedding', like: id, limit: 5, min_similarity: 0, explain: false })).hits
    : [];
  return { template: rows[0], feedback: feedback.rows, similar };
});

export const templateInput = z.object({
  artifactType: storableText('required').trim().min(1, 'required').max(100, 'at most 100 characters'),
  name: storableText('required').trim().min(1, 'required').max(200, 'at most 200 characters'),
  pattern: storableText('must be text').trim().max(200, 'at most 200 characters').optional().transform((v) => v || null),
  content: storableText('required').min(1, 'must not be empty').max(100_000, 'at most 100,000 characters'),
  qualityScore: z.union([z.literal(''), numberBetween(0, 1)])
    .optional().transform((v) => (v === '' || v === undefined ? null : v)),
  source: storableText('must be text').trim().max(100, 'at most 100 characters').optional().transform((v) => v || 'curated'),
});

/** Creates (no id) or updates a template; the embedding is recomputed when the content changes. */
export const saveTemplate = traced('templates.save', async function saveTemplate(actor: Actor, id: string | null, input: unknown) {
  const t = parseInput(templateInput, input);
  const pool = projectPool();
  const before = id ? (await pool.query('SELECT content FROM templates WHERE id = $1', [id])).rows[0] : null;
  if (id && !before) throw new NotFoundError(`template: no template "${id}"`);
  const contentChanged = !before || before.content !== t.content;
  const vector = contentChanged ? (await embedFor('public.templates.embedding', 1536, [t.content]))[0] : null;
  return withTransaction(pool, async (client) => {
    const templateId = id ?? `tpl-${randomUUID().slice(0, 8)}`;
    if (id) {
      await client.query(
        `UPDATE templates SET artifact_type = $2, name = $3, pattern = $4, content = $5, quality_score = $6, source = $7,
           embedding = CASE WHEN $8::text IS NULL THEN embedding ELSE $8::vector END WHERE id = $1`,
        [id, t.artifactType, t.name, t.pattern, t.content, t.qualityScore, t.source, vector ? pgvector.toSql(vector) : null],
      );
    } else {
      await client.query(
        `INSERT INTO templates (id, artifact_type, name, pattern, content, quality_score, usage_count, source, embedding)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8::vector)`,
        [templateId, t.artifactType, t.name, t.pattern, t.content, t.qualityScore, t.source, pgvector.toSql(vector!)],
      );
    }
    await recordAudit(client, actor, id ? 'template.update' : 'template.create', templateId, { embedding_recomputed: contentChanged });
    return templateId;
  });
});

export const deleteTemplate = traced('templates.delete', async function deleteTemplate(actor: Actor, id: string) {
  await withTransaction(projectPool(), async (client) => {
    const { rowCount } = await client.query('DELETE FROM templates WHERE id = $1', [id]);
    if (!rowCount) throw new NotFoundError(`template: no template "${id}"`);
    await recordAudit(client, actor, 'template.delete', id);
  });
});
