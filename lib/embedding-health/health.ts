// Embedding health of a collection: rows without a vector, zero and unnormalised vectors, vectors of
// another model or dimension than the provider now configured (from the stamp kept in metadata at
// embed time), and stale or expired rows. One pass over the rows with FILTER aggregates; past
// EXACT_COUNT_LIMIT rows the pass reads a TABLESAMPLE instead and the figures are scaled and
// labelled as sampled, so the page stays fast at millions of rows.
import { z } from 'zod';
import { projectPool } from '@/lib/db/pools';
import { parseInput } from '@/lib/errors';
import { getCollection, hasColumn, qualified, quoteIdent, type Collection } from '@/lib/collections/catalog';
import { embeddingProvider } from '@/lib/embeddings/provider';
import { wholeNumberBetween } from '@/lib/vector/validation';
import { blankAsMissing } from '@/lib/http/params';
import { EXACT_COUNT_LIMIT } from '@/lib/db/sql';
import { traced } from '@/lib/metrics/recorder';

export const HEALTH_FILTERS = ['missing', 'zero', 'unnormalised', 'other_model', 'unrecorded', 'stale', 'expired'] as const;
export type HealthFilter = (typeof HEALTH_FILTERS)[number];

export const DEFAULT_STALE_DAYS = 90;
/** Rows a sampled pass aims to read. */
export const SAMPLE_ROWS = 20_000;
/** |norm − 1| above this is "unnormalised" in a cosine collection. */
export const NORM_TOLERANCE = 0.01;

export const filterField = z.enum(HEALTH_FILTERS, { error: `must be one of ${HEALTH_FILTERS.join(', ')}` });
export const staleDaysField = z.preprocess(blankAsMissing, wholeNumberBetween(1, 36_500).default(DEFAULT_STALE_DAYS));

export const embeddingHealthInput = z.object({
  collection: z.string({ error: 'required' }).min(1, 'must not be empty').max(400, 'at most 400 characters'),
  stale_days: staleDaysField,
});

export interface HealthFigure {
  id: HealthFilter;
  label: string;
  /** Rows matching; null when the figure does not apply to this collection (see `note`). */
  count: number | null;
  /** Share of the rows, 0–1. */
  share: number | null;
  note: string;
}

export interface EmbeddingHealth {
  collection: string;
  rows: number;
  rowsEstimated: boolean;
  /** True when the figures come from a TABLESAMPLE of `sampledRows` rows, scaled to `rows`. */
  sampled: boolean;
  sampledRows: number;
  provider: { model: string; dimension: number };
  cosine: boolean;
  staleDays: number;
  figures: HealthFigure[];
}

/** What the checks can look at in a collection: built from the catalogue, never from user strings. */
function shapeOf(c: Collection) {
  const time = (n: string) => (hasColumn(c, n, 'timestamp') ? `t.${quoteIdent(n)}` : null);
  const age = [time('updated_at'), time('created_at')].filter(Boolean);
  return {
    vector: `t.${quoteIdent(c.column)}`,
    metadata: hasColumn(c, 'metadata', 'jsonb') ? 't.metadata' : null,
    age: age.length ? `coalesce(${age.join(', ')})` : null,
    expires: time('expires_at'),
    // A collection without a vector index is searched by cosine in this console (the default distance).
    cosine: c.indexes.length === 0 || c.indexes.some((i) => i.distance === 'cosine'),
  };
}
type Shape = ReturnType<typeof shapeOf>;

export interface FilterContext {
  model: string;
  dimension: number;
  staleDays: number;
}

/**
 * The SQL condition for a filter over alias `t`, pushing its values onto `params`; null when the
 * collection lacks what the filter needs. Shared by the figures and the filtered row list.
 */
export function filterCondition(c: Collection, filter: HealthFilter, params: unknown[], ctx: FilterContext, shape: Shape = shapeOf(c)): string | null {
  const v = shape.vector;
  const p = (value: unknown) => `$${params.push(value)}`;
  switch (filter) {
    case 'missing':
      return `${v} IS NULL`;
    case 'zero':
      return `${v} IS NOT NULL AND vector_norm(${v}) = 0`;
    case 'unnormalised':
      return shape.cosine ? `${v} IS NOT NULL AND vector_norm(${v}) > 0 AND abs(vector_norm(${v}) - 1) > ${NORM_TOLERANCE}` : null;
    case 'other_model':
      return shape.metadata
        ? `${v} IS NOT NULL AND ${shape.metadata} ? 'embedding_model' AND (${shape.metadata}->>'embedding_model' IS DISTINCT FROM ${p(ctx.model)}
             OR ${shape.metadata}->>'embedding_dimension' IS DISTINCT FROM ${p(String(ctx.dimension))} OR vector_dims(${v}) <> ${p(ctx.dimension)})`
        : `${v} IS NOT NULL AND vector_dims(${v}) <> ${p(ctx.dimension)}`;
    case 'unrecorded':
      return shape.metadata ? `${v} IS NOT NULL AND NOT coalesce(${shape.metadata} ? 'embedding_model', false)` : null;
    case 'stale':
      return shape.age ? `${shape.age} < now() - make_interval(days => ${p(ctx.staleDays)})` : null;
    case 'expired':
      return shape.expires ? `${shape.expires} < now()` : null;
  }
}

const LABELS: Record<HealthFilter, { label: string; note: (c: Collection, s: Shape, ctx: FilterContext) => string; missingNote: string }> = {
  missing: { label: 'Without an embedding', note: () => 'the vector column is NULL: not searchable by similarity', missingNote: '' },
  zero: { label: 'Zero vectors', note: () => 'norm 0: cosine distance is undefined, search never finds them', missingNote: '' },
  unnormalised: {
    label: 'Unnormalised', note: () => `norm differs from 1 by more than ${NORM_TOLERANCE} in a cosine collection`,
    missingNote: 'not a cosine collection: norms other than 1 are expected',
  },
  other_model: {
    label: 'Other model or dimension',
    note: (_c, s, ctx) => s.metadata
      ? `stamped with another model or dimension than ${ctx.model} (${ctx.dimension})`
      : `vector has another dimension than ${ctx.dimension}; without a metadata column the model is not recorded`,
    missingNote: '',
  },
  unrecorded: {
    label: 'Model not recorded', note: () => 'embedded before the console kept embedding_model in metadata, or by another writer',
    missingNote: 'no metadata column to keep the model in',
  },
  stale: { label: 'Stale', note: (_c, _s, ctx) => `not updated for more than ${ctx.staleDays} days`, missingNote: 'no created_at or updated_at column' },
  expired: { label: 'Expired', note: () => 'expires_at is in the past', missingNote: 'no expires_at column' },
};

/** The configured provider's model, and the dimension it would embed this collection with. */
export function currentModel(c: Collection) {
  const provider = embeddingProvider();
  return { model: provider.id, dimension: provider.dimension ?? c.dimension };
}

/**
 * What a count over a collection's rows reads, as `FROM` text with the alias t: every row, or past
 * EXACT_COUNT_LIMIT (the catalogue's estimate decides: no count(*) first) a repeatable block sample
 * of about SAMPLE_ROWS rows, whose counts are scaled by c.rows / rows read.
 */
export function rowsToCount(c: Collection): { sampled: boolean; from: string } {
  const sampled = c.rows > EXACT_COUNT_LIMIT;
  // SYSTEM sampling reads whole pages, so it costs about the sample's share of the table.
  const percent = sampled ? Math.min(100, (100 * SAMPLE_ROWS) / Math.max(c.rows, 1)) : 100;
  return { sampled, from: `${qualified(c)} t${sampled ? ` TABLESAMPLE SYSTEM (${percent.toFixed(6)}) REPEATABLE (1)` : ''}` };
}

export const embeddingHealth = traced('embeddings.health', async function embeddingHealth(input: z.input<typeof embeddingHealthInput>): Promise<EmbeddingHealth> {
  const o = parseInput(embeddingHealthInput, input);
  const pool = projectPool();
  const c = await getCollection(pool, o.collection, { counts: false });
  const shape = shapeOf(c);
  const { model, dimension } = currentModel(c);
  const ctx: FilterContext = { model, dimension, staleDays: o.stale_days };
  const params: unknown[] = [];
  const conditions = HEALTH_FILTERS.map((f) => [f, filterCondition(c, f, params, ctx, shape)] as const);
  const { sampled, from } = rowsToCount(c);
  const { rows } = await pool.query(
    `SELECT count(*)::float8 AS n${conditions.map(([f, cond]) => (cond ? `, count(*) FILTER (WHERE ${cond})::float8 AS ${f}` : '')).join('')} FROM ${from}`,
    params,
  );
  const r = rows[0];
  const read = Number(r.n);
  const scale = sampled && read > 0 ? c.rows / read : 1;
  const figures = conditions.map(([f, cond]): HealthFigure => {
    const l = LABELS[f];
    if (!cond) return { id: f, label: l.label, count: null, share: null, note: l.missingNote };
    const matched = Number(r[f]);
    return { id: f, label: l.label, count: Math.round(matched * scale), share: read ? matched / read : 0, note: l.note(c, shape, ctx) };
  });
  return {
    collection: c.id, rows: sampled ? c.rows : read, rowsEstimated: sampled, sampled, sampledRows: read,
    provider: { model, dimension }, cosine: shape.cosine, staleDays: o.stale_days, figures,
  };
});
