// Similarity search over any collection, and why its results rank as they do: time in the database,
// the plan (index or scan, rows looked at), and on request the exact answer with recall@k.
import pgvector from 'pgvector';
import { z } from 'zod';
import type { Queryable } from '@/lib/db/pools';
import { embedFor } from '@/lib/embeddings/provider';
import { NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { getCollection, MEMORY_COLLECTION, qualified, quoteIdent, type Collection, type Distance } from '@/lib/collections/catalog';
import {
  distanceField, efSearchField, embeddingField, limitField, metadataField, minSimilarityField, namespaceField, storableText, tagsField,
} from '@/lib/vector/validation';
import { traced } from '@/lib/metrics/recorder';
import { readDb, withReadTransaction } from '@/lib/db/replicas';
import { SEARCH_DEFAULTS } from './defaults';
import { summarisePlan, type PlanSummary } from './plan';
import { buildMatchCountSql, buildSearchSql, givenFilters, type FilterName } from './sql';
import { keyMatch, withRowKey } from '@/lib/collections/row-key';
import { searchAdvice } from './advice';
import { efSearchReason, resolveEfSearch, type EfSearchSource } from './tuning';

export type { PlanSummary } from './plan';
export { SIMILARITY_LABEL, buildSearchSql } from './sql';

export const searchInput = z.object({
  collection: storableText('must be text').min(1, 'must not be empty').max(400, 'at most 400 characters').default(MEMORY_COLLECTION),
  text: storableText('must be text').trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
  // Checked once, against the collection's dimension, when that is known.
  vector: z.unknown().optional(),
  like: storableText('must be text').min(1, 'must not be empty').max(300, 'at most 300 characters').optional(),
  namespace: namespaceField.optional(),
  tags: tagsField.optional(),
  metadata: metadataField.optional(),
  limit: limitField.default(SEARCH_DEFAULTS.limit),
  min_similarity: minSimilarityField.default(SEARCH_DEFAULTS.minSimilarity),
  distance: distanceField.default(SEARCH_DEFAULTS.distance),
  ef_search: efSearchField.optional(),
  iterative: z.boolean({ error: 'must be true or false' }).default(false),
  exact: z.boolean({ error: 'must be true or false' }).default(false),
  explain: z.boolean({ error: 'must be true or false' }).default(true),
  /** Return each hit's vector too (exports). */
  vectors: z.boolean({ error: 'must be true or false' }).default(false),
});
export type SearchInput = z.input<typeof searchInput>;
/** What any door may pass: the known options only (a misspelt one does not compile), values unchecked until parsed here. */
export type SearchRequest = { [K in keyof SearchInput]?: unknown };


export interface SearchHit {
  key: string;
  similarity: number;
  distance: number;
  row: Record<string, unknown>;
  vector?: number[];
}


export interface SearchResult {
  collection: Pick<Collection, 'id' | 'schema' | 'table' | 'column' | 'dimension' | 'rows' | 'indexes'>;
  query: { kind: 'text' | 'vector' | 'like'; text?: string; like?: string; vectorPreview: number[] };
  /** efSearch: what the search ran with (null: the server's own); efSearchSource and efSearchReason say why. */
  options: { limit: number; minSimilarity: number; distance: Distance; efSearch: number | null; efSearchSource: EfSearchSource; efSearchReason: string; iterative: boolean };
  hits: SearchHit[];
  timings: { embedMs: number; dbMs: number };
  plan: PlanSummary | null;
  exact: { hits: number; recall: number; dbMs: number; missing: string[] } | null;
  warnings: string[];
}


async function pgvectorVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'");
  return rows[0]?.v ?? '0';
}

const atLeast = (version: string, major: number, minor: number) => {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
};



export type SearchOptions = z.output<typeof searchInput>;


// One schema per dimension: zod compiles an object schema on its first parse, so a new one per
// request would be compiled per request.
const queryVectorSchemas = new Map<number, z.ZodType<{ vector: number[] }>>();
function queryVectorSchema(dimension: number) {
  let schema = queryVectorSchemas.get(dimension);
  if (!schema) queryVectorSchemas.set(dimension, (schema = z.object({ vector: embeddingField(dimension) })));
  return schema;
}

export const searchCollection = traced('collection.search', async function searchCollection(input: SearchRequest): Promise<SearchResult> {
  const q = parseInput(searchInput, input);
  const given = [q.text, q.vector, q.like].filter((x) => x !== undefined).length;
  if (given !== 1) throw new ValidationError('query', 'give exactly one of text, vector or like');
  const pool = readDb(); // read-only: a replica when one is in rotation
  // Row counts only feed the warnings: the planner's estimate is enough and costs nothing.
  const collection = await getCollection(pool, q.collection, { counts: false });
  const { dimension } = collection;
  const table = qualified(collection);

  // The query vector.
  const started = performance.now();
  let vector: number[];
  let kind: SearchResult['query']['kind'];
  if (q.text !== undefined) {
    kind = 'text';
    [vector] = await embedFor(collection.id, dimension, [q.text]);
  } else if (q.vector !== undefined) {
    kind = 'vector';
    vector = parseInput(queryVectorSchema(dimension), { vector: q.vector }).vector;
  } else {
    kind = 'like';
    // The key in its own type (not key::text = $1), so this is a primary-key lookup; a malformed key is a 400.
    const { rows } = await withRowKey(collection, 'like', () =>
      pool.query(`SELECT ${quoteIdent(collection.column)}::text AS v FROM ${table} t WHERE ${keyMatch(collection, 't', '$1')}`, [q.like]));
    if (!rows[0]) throw new NotFoundError(`like: no row with key "${q.like}" in ${collection.id}`);
    if (!rows[0].v) throw new ValidationError('like', `row "${q.like}" has no embedding to compare with`);
    vector = pgvector.fromSql(rows[0].v) as number[];
  }
  const embedMs = performance.now() - started;

  const { sql, params } = buildSearchSql(collection, vector, q);

  const version = q.iterative ? await pgvectorVersion(pool) : '';
  if (q.iterative && !atLeast(version, 0, 8)) {
    throw new ValidationError('iterative', `iterative index scans need pgvector 0.8 or newer; this server has ${version}`);
  }

  const indexNames = new Set(collection.indexes.map((i) => i.name));
  // The request's ef_search, else the collection's tuned default, else the server's.
  const ef = await resolveEfSearch(pool, collection.id, q.ef_search);
  // Settings need a transaction (SET LOCAL ends with it and never leaks to another query); a plain
  // search does not, and saves the BEGIN/COMMIT round trips.
  const needsTransaction = Boolean(ef.efSearch || q.iterative || q.exact);
  // Validated values only: ef_search is an integer (efSearchField or a saved tune).
  const localSettings = [
    ...(ef.efSearch ? [`SET LOCAL hnsw.ef_search = ${Math.trunc(ef.efSearch)}`] : []),
    ...(q.iterative ? ["SET LOCAL hnsw.iterative_scan = 'relaxed_order'"] : []),
  ];
  const run = async (client: Queryable) => {
    const t0 = performance.now();
    const found = await client.query(sql, params);
    const dbMs = performance.now() - t0;
    let plan: PlanSummary | null = null;
    if (q.explain) {
      const explained = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      plan = summarisePlan(explained.rows[0]['QUERY PLAN'][0], indexNames);
    }
    let exact: SearchResult['exact'] = null;
    if (q.exact) {
      // Exact: no index at all, every row compared.
      await client.query('SET LOCAL enable_indexscan = off');
      await client.query('SET LOCAL enable_bitmapscan = off');
      await client.query('SET LOCAL enable_seqscan = on');
      const e0 = performance.now();
      const truth = await client.query(sql, params);
      const exactMs = performance.now() - e0;
      const got = new Set(found.rows.map((r) => r.row_key));
      const missing = truth.rows.map((r) => r.row_key as string).filter((k) => !got.has(k));
      exact = {
        hits: truth.rows.length,
        recall: truth.rows.length ? (truth.rows.length - missing.length) / truth.rows.length : 1,
        dbMs: exactMs,
        missing,
      };
    }
    // Counted only when few rows came back, to tell a short index scan or an empty filter from data
    // that has no more; bounded by the limit (or 1), so never a count of millions.
    const short = found.rows.length < q.limit;
    const filters = givenFilters(q);
    let matching: number | null = null;
    if (short && ((plan?.usedIndex && !exact) || (found.rows.length === 0 && filters.length))) {
      const count = buildMatchCountSql(collection, q, q.limit);
      matching = (await client.query<{ n: number }>(count.sql, count.params)).rows[0].n;
    }
    let filterMatches: Partial<Record<FilterName, boolean>> | null = null;
    if (found.rows.length === 0 && filters.length) {
      filterMatches = {};
      for (const f of filters) {
        const one = buildMatchCountSql(collection, q, 1, f);
        filterMatches[f] = (await client.query<{ n: number }>(one.sql, one.params)).rows[0].n > 0;
      }
    }
    return { rows: found.rows, dbMs, plan, exact, matching, filterMatches };
  };
  const result = needsTransaction ? await withReadTransaction(run, { localSettings }) : await run(pool);

  const warnings = searchAdvice(collection, { ...q, ef_search: ef.efSearch ?? undefined }, { rows: result.rows.length, plan: result.plan, exact: result.exact, matching: result.matching, filterMatches: result.filterMatches });

  return {
    collection: { id: collection.id, schema: collection.schema, table: collection.table, column: collection.column, dimension, rows: collection.rows, indexes: collection.indexes },
    query: { kind, text: q.text, like: q.like, vectorPreview: vector.slice(0, 8) },
    options: { limit: q.limit, minSimilarity: q.min_similarity, distance: q.distance, efSearch: ef.efSearch, efSearchSource: ef, efSearchReason: efSearchReason(ef), iterative: q.iterative },
    hits: result.rows.map((r) => ({
      key: r.row_key, similarity: Number(r.similarity), distance: Number(r.distance), row: r.row,
      ...(q.vectors ? { vector: pgvector.fromSql(r.vector) as number[] } : {}),
    })),
    timings: { embedMs, dbMs: result.dbMs },
    plan: result.plan,
    exact: result.exact,
    warnings,
  };
});
