// Creating collections, building their indexes, and paging through their rows.
import { z } from 'zod';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ConflictError, ForbiddenError, ValidationError, parseInput } from '@/lib/errors';
import { assertMayWriteTable, getCollection, invalidateCollections, qualified, quoteIdent, type Collection } from './catalog';
import { distanceField, pageField, wholeNumberBetween, storableText } from '@/lib/vector/validation';
import { traced } from '@/lib/metrics/recorder';
import { keyMatch, withRowKey } from './row-key';
import { blankAsMissing } from '@/lib/http/params';
import { currentModel, filterCondition, filterField, staleDaysField } from '@/lib/embedding-health/health';

const OPCLASS = { cosine: 'vector_cosine_ops', l2: 'vector_l2_ops', ip: 'vector_ip_ops' } as const;
// pgvector indexes vectors of at most 2000 dimensions with HNSW.
const HNSW_MAX_DIMENSION = 2000;

const identifier = z
  .string({ error: 'required' })
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ only, starting with a letter or _, at most 63 characters')
  .regex(/[a-z]/, 'must contain a letter');

/**
 * Postgres's own keyword list: a reserved word (or one that is a type or function name) makes a
 * table that every query must quote, so it is refused. Unreserved keywords (e.g. "content") are fine.
 */
async function assertNotKeyword(db: Queryable, name: string) {
  const { rows } = await db.query<{ catdesc: string }>("SELECT catdesc FROM pg_get_keywords() WHERE word = $1 AND catcode <> 'U'", [name]);
  if (rows[0]) throw new ValidationError('name', `"${name}" is an SQL keyword (${rows[0].catdesc}); choose another name`);
}

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
  assertMayWriteTable(actor, 'public', c.name);
  return withTransaction(projectPool(), async (client) => {
    await assertNotKeyword(client, c.name);
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
    await client.query('INSERT INTO recall.created_collections (schema_name, table_name, created_by) VALUES ($1, $2, $3::uuid)', ['public', c.name, actor.id]);
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
  assertMayWriteTable(actor, collection.schema, collection.table);
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

/** What an admin types to drop a collection: it names the table and how many rows go with it. */
export const dropConfirmation = (c: Pick<Collection, 'schema' | 'table'>, rows: number) => `drop ${c.schema}.${c.table} with ${rows} rows`;

/** Whether the console created this collection's table (and so an admin may drop it here). */
export async function createdByConsole(c: Pick<Collection, 'schema' | 'table'>): Promise<boolean> {
  const { rowCount } = await projectPool().query('SELECT 1 FROM recall.created_collections WHERE schema_name = $1 AND table_name = $2', [c.schema, c.table]);
  return Boolean(rowCount);
}

export const dropCollectionInput = z.object({
  collection: z.string({ error: 'required' }).min(1, 'required'),
  confirm: z.string({ error: 'required: type the confirmation shown' }).max(300, 'at most 300 characters'),
});

/**
 * Drops a table the console created, with every row; only an admin (the route and action say so),
 * with the typed confirmation naming the row count counted under the lock. Audited.
 */
export const dropCollection = traced('collections.drop', async function dropCollection(actor: Actor, input: unknown) {
  const p = parseInput(dropCollectionInput, input);
  if (actor.token || (actor.role !== undefined && actor.role !== 'admin')) throw new ForbiddenError('Dropping a collection needs a signed-in admin.');
  const collection = await getCollection(projectPool(), p.collection, { counts: false });
  const result = await withTransaction(projectPool(), async (client) => {
    const created = await client.query(
      'SELECT 1 FROM recall.created_collections WHERE schema_name = $1 AND table_name = $2 FOR UPDATE',
      [collection.schema, collection.table],
    );
    if (!created.rowCount) {
      throw new ForbiddenError(`${collection.schema}.${collection.table} was not created in this console; only collections created here can be dropped here.`);
    }
    // No write may slip in between the count and the drop.
    await client.query(`LOCK TABLE ${qualified(collection)} IN ACCESS EXCLUSIVE MODE`);
    const rows = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${qualified(collection)}`)).rows[0].n);
    const expected = dropConfirmation(collection, rows);
    if (p.confirm.trim() !== expected) throw new ValidationError('confirm', `type "${expected}" to drop it`);
    await client.query(`DROP TABLE ${qualified(collection)}`);
    await client.query('DELETE FROM recall.created_collections WHERE schema_name = $1 AND table_name = $2', [collection.schema, collection.table]);
    await recordAudit(client, actor, 'collection.drop', `${collection.schema}.${collection.table}`, { rows });
    return { dropped: collection.id, rows };
  }).finally(invalidateCollections);
  return result;
});

export const ROWS_PAGE_SIZE = 25;

const browseFilterInput = z.object({ page: pageField, filter: z.preprocess(blankAsMissing, filterField.optional()), stale_days: staleDaysField });

/**
 * A page of a collection's rows, without the vector (its dimension and norm instead). The page's keys
 * are picked first from the primary key's index, so to_jsonb and vector_norm run for the 25 rows shown
 * and not for every row an OFFSET skips. With an embedding-health filter only the matching rows are
 * listed, and the page count is unknown (`pages` is this page, plus one while more rows follow).
 */
export const browseCollection = traced('collections.browse', async function browseCollection(
  collection: Collection, rawPage: unknown, opts: { filter?: unknown; stale_days?: unknown } = {},
) {
  const { page, filter, stale_days } = parseInput(browseFilterInput, { page: rawPage ?? undefined, filter: opts.filter ?? undefined, stale_days: opts.stale_days ?? undefined });
  const col = quoteIdent(collection.column);
  const key = collection.keyColumn ? quoteIdent(collection.keyColumn) : 'ctid';
  const order = collection.keyColumn ? 'DESC' : 'ASC';
  const params: unknown[] = [collection.column, ROWS_PAGE_SIZE + (filter ? 1 : 0), (page - 1) * ROWS_PAGE_SIZE];
  const condition = filter ? filterCondition(collection, filter, params, { ...currentModel(collection), staleDays: stale_days }) : null;
  if (filter && !condition) throw new ValidationError('filter', `${filter} does not apply to ${collection.id}`);
  const { rows } = await projectPool().query(
    `SELECT to_jsonb(t) - $1 AS row, t.${key}::text AS row_key,
            ${col} IS NOT NULL AS has_vector, CASE WHEN ${col} IS NULL THEN NULL ELSE vector_norm(${col}) END AS norm
     FROM ${qualified(collection)} t
     WHERE t.${key} = ANY(ARRAY(SELECT ${key} FROM ${qualified(collection)} t${condition ? ` WHERE ${condition}` : ''} ORDER BY ${key} ${order} LIMIT $2 OFFSET $3))
     ORDER BY t.${key} ${order}`,
    params,
  );
  const more = filter ? rows.length > ROWS_PAGE_SIZE : false;
  return {
    page,
    pages: filter ? page + (more ? 1 : 0) : Math.max(1, Math.ceil(collection.rows / ROWS_PAGE_SIZE)),
    filter: filter ?? null,
    rows: rows.slice(0, ROWS_PAGE_SIZE).map((r) => ({ key: r.row_key as string, row: r.row as Record<string, unknown>, hasVector: r.has_vector as boolean, norm: r.norm === null ? null : Number(r.norm) })),
  };
});

/** One row by its key (primary key, or ctid), without the vector. A key not of the key's type is a 400. */
export const collectionRow = traced('collections.row', async function collectionRow(collection: Collection, key: string) {
  const { rows } = await withRowKey(collection, 'row', () => projectPool().query(
    `SELECT to_jsonb(t) - $1 AS row FROM ${qualified(collection)} t WHERE ${keyMatch(collection, 't', '$2')}`,
    [collection.column, key],
  ));
  return (rows[0]?.row as Record<string, unknown> | undefined) ?? null;
});
