// Creating collections, building their indexes, and paging through their rows.
import { z } from 'zod';
import { projectPool, withTransaction } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ConflictError, ValidationError, parseInput } from '@/lib/errors';
import { getCollection, invalidateCollections, qualified, quoteIdent, type Collection } from './catalog';
import { distanceField, pageField, wholeNumberBetween, storableText } from '@/lib/vector/validation';
import { traced } from '@/lib/metrics/recorder';

const OPCLASS = { cosine: 'vector_cosine_ops', l2: 'vector_l2_ops', ip: 'vector_ip_ops' } as const;
// pgvector indexes vectors of at most 2000 dimensions with HNSW.
const HNSW_MAX_DIMENSION = 2000;

const identifier = z
  .string({ error: 'required' })
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ only, starting with a letter or _, at most 63 characters');

const hnswParams = {
  m: wholeNumberBetween(2, 100).default(16),
  ef_construction: wholeNumberBetween(4, 1000).default(64),
};

/** HNSW's own rule, for every form that takes hnswParams. */
function efConstructionAtLeastTwiceM(ctx: z.core.ParsePayload<{ m: number; ef_construction: number }>) {
  const { m, ef_construction } = ctx.value;
  if (ef_construction < 2 * m) {
    ctx.issues.push({ code: 'custom', path: ['ef_construction'], input: ef_construction, message: `must be at least 2 × m (${2 * m})` });
  }
}

export const createCollectionInput = z
  .object({
    name: identifier,
    dimension: wholeNumberBetween(1, 16000),
    distance: distanceField.default('cosine'),
    index: z.boolean().default(true),
    ...hnswParams,
  })
  .check(efConstructionAtLeastTwiceM)
  .check((ctx) => {
    const v = ctx.value;
    if (v.index && v.dimension > HNSW_MAX_DIMENSION) {
      ctx.issues.push({ code: 'custom', path: ['dimension'], input: v.dimension, message: `HNSW indexes at most ${HNSW_MAX_DIMENSION} dimensions; create it without an index` });
    }
  });

/** A new table in public: id, content, metadata, the vector column, created_at, and an HNSW index. */
export const createCollection = traced('collections.create', async function createCollection(actor: Actor, input: unknown) {
  const c = parseInput(createCollectionInput, input);
  const table = quoteIdent(c.name);
  return withTransaction(projectPool(), async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = $2::regnamespace', [c.name, 'public']);
    if (exists.rowCount) throw new ConflictError(`name: a table "${c.name}" already exists`, 'name');
    // Identifiers are checked by the regex above and quoted; numbers are validated integers.
    await client.query(`CREATE TABLE public.${table} (
      id BIGSERIAL PRIMARY KEY,
      content TEXT NOT NULL,
      metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
      embedding vector(${c.dimension}),
      created_at TIMESTAMPTZ NOT NULL DEFAULT NOW())`);
    if (c.index) {
      await client.query(`CREATE INDEX ${quoteIdent(`${c.name}_embedding_hnsw`)} ON public.${table}
        USING hnsw (embedding ${OPCLASS[c.distance]}) WITH (m = ${c.m}, ef_construction = ${c.ef_construction})`);
    }
    await recordAudit(client, actor, 'collection.create', `public.${c.name}`, {
      dimension: c.dimension, distance: c.distance, ...(c.index ? { m: c.m, ef_construction: c.ef_construction } : {}),
    });
    return `public.${c.name}.embedding`;
  }).finally(invalidateCollections);
});

export const buildIndexInput = z
  .object({ collection: storableText('must be text').min(1, 'must not be empty'), distance: distanceField.default('cosine'), ...hnswParams })
  .check(efConstructionAtLeastTwiceM);

/**
 * Builds an HNSW index for a distance, replacing an existing vector index for the same distance
 * (so new m / ef_construction take effect); with unchanged parameters this is a rebuild.
 */
export const buildIndex = traced('collections.build_index', async function buildIndex(actor: Actor, input: unknown) {
  const p = parseInput(buildIndexInput, input);
  const pool = projectPool();
  const collection = await getCollection(pool, p.collection, { counts: false });
  if (collection.dimension > HNSW_MAX_DIMENSION) {
    throw new ValidationError('collection', `HNSW indexes at most ${HNSW_MAX_DIMENSION} dimensions; ${collection.id} has ${collection.dimension}`);
  }
  const existing = collection.indexes.find((i) => i.distance === p.distance);
  const name = existing?.name ?? `${collection.table}_${collection.column}_${p.distance}_hnsw`.slice(0, 63);
  const started = performance.now();
  await withTransaction(pool, async (client) => {
    if (existing) await client.query(`DROP INDEX ${quoteIdent(collection.schema)}.${quoteIdent(existing.name)}`);
    await client.query(`CREATE INDEX ${quoteIdent(name)} ON ${qualified(collection)}
      USING hnsw (${quoteIdent(collection.column)} ${OPCLASS[p.distance]}) WITH (m = ${p.m}, ef_construction = ${p.ef_construction})`);
    await recordAudit(client, actor, existing ? 'index.rebuild' : 'index.create', `${collection.schema}.${name}`, {
      collection: collection.id, distance: p.distance, m: p.m, ef_construction: p.ef_construction,
    });
  });
  invalidateCollections();
  return { index: name, seconds: (performance.now() - started) / 1000 };
});

export const ROWS_PAGE_SIZE = 25;

/** A page of a collection's rows, without the vector (its dimension and norm instead). */
export const browseCollection = traced('collections.browse', async function browseCollection(collection: Collection, rawPage: unknown) {
  const page = parseInput(z.object({ page: pageField }), { page: rawPage ?? undefined }).page;
  const col = quoteIdent(collection.column);
  const order = collection.keyColumn ? `${quoteIdent(collection.keyColumn)} DESC` : 'ctid';
  const { rows } = await projectPool().query(
    `SELECT to_jsonb(t) - $1 AS row, ${collection.keyColumn ? `${quoteIdent(collection.keyColumn)}::text` : 'ctid::text'} AS row_key,
            ${col} IS NOT NULL AS has_vector, CASE WHEN ${col} IS NULL THEN NULL ELSE vector_norm(${col}) END AS norm
     FROM ${qualified(collection)} t ORDER BY ${order} LIMIT $2 OFFSET $3`,
    [collection.column, ROWS_PAGE_SIZE, (page - 1) * ROWS_PAGE_SIZE],
  );
  return {
    page,
    pages: Math.max(1, Math.ceil(collection.rows / ROWS_PAGE_SIZE)),
    rows: rows.map((r) => ({ key: r.row_key as string, row: r.row as Record<string, unknown>, hasVector: r.has_vector as boolean, norm: r.norm === null ? null : Number(r.norm) })),
  };
});

/** One row by its key (primary key, or ctid), without the vector. */
export const collectionRow = traced('collections.row', async function collectionRow(collection: Collection, key: string) {
  const keyExpr = collection.keyColumn ? `${quoteIdent(collection.keyColumn)}::text` : 'ctid::text';
  const { rows } = await projectPool().query(
    `SELECT to_jsonb(t) - $1 AS row FROM ${qualified(collection)} t WHERE ${keyExpr} = $2`,
    [collection.column, key],
  );
  return (rows[0]?.row as Record<string, unknown> | undefined) ?? null;
});
