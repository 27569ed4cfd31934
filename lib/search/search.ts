// Similarity search over any collection, and why its results rank as they do: time in the database,
// the plan (index or scan, rows looked at), and on request the exact answer with recall@k.
import pgvector from 'pgvector';
import { z } from 'zod';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { embedFor } from '@/lib/embeddings/provider';
import { NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { getCollection, hasColumn, MEMORY_COLLECTION, qualified, quoteIdent, type Collection, type Distance } from '@/lib/collections/catalog';
import {
  arrayField, distanceField, efSearchField, embeddingField, limitField, metadataField, minSimilarityField, namespaceField, tagsField, storableText } from '@/lib/vector/validation';
import { traced } from '@/lib/metrics/recorder';

export const searchInput = z.object({
  collection: storableText('must be text').min(1, 'must not be empty').max(400, 'at most 400 characters').default(MEMORY_COLLECTION),
  text: storableText('must be text').trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
  vector: arrayField('must be an array of numbers').optional(),
  like: storableText('must be text').min(1, 'must not be empty').max(300, 'at most 300 characters').optional(),
  namespace: namespaceField.optional(),
  tags: tagsField.optional(),
  metadata: metadataField.optional(),
  limit: limitField.default(10),
  min_similarity: minSimilarityField.default(0.7),
  distance: distanceField.default('cosine'),
  ef_search: efSearchField.optional(),
  iterative: z.boolean({ error: 'must be true or false' }).default(false),
  exact: z.boolean({ error: 'must be true or false' }).default(false),
  explain: z.boolean({ error: 'must be true or false' }).default(true),
  /** Return each hit's vector too (exports). */
  vectors: z.boolean({ error: 'must be true or false' }).default(false),
});
export type SearchInput = z.input<typeof searchInput>;

const OPERATORS: Record<Distance, string> = { cosine: '<=>', l2: '<->', ip: '<#>' };

/** Similarity in [0, 1] for cosine (1 − distance, as seed 000), 1 / (1 + d) for L2, and a·b for inner product. */
const SIMILARITY: Record<Distance, (d: string) => string> = {
  cosine: (d) => `1 - (${d})`,
  l2: (d) => `1 / (1 + (${d}))`,
  ip: (d) => `-(${d})`,
};

export const SIMILARITY_LABEL: Record<Distance, string> = {
  cosine: 'cosine similarity (1 − cosine distance)',
  l2: '1 / (1 + L2 distance)',
  ip: 'inner product',
};

export interface SearchHit {
  key: string;
  similarity: number;
  distance: number;
  row: Record<string, unknown>;
  vector?: number[];
}

export interface PlanSummary {
  usedIndex: string | null;
  scan: string;
  rowsScanned: number;
  rowsRemovedByFilter: number;
  executionMs: number;
  planningMs: number;
  text: string;
}

export interface SearchResult {
  collection: Pick<Collection, 'id' | 'schema' | 'table' | 'column' | 'dimension' | 'rows' | 'indexes'>;
  query: { kind: 'text' | 'vector' | 'like'; text?: string; like?: string; vectorPreview: number[] };
  options: { limit: number; minSimilarity: number; distance: Distance; efSearch: number | null; iterative: boolean };
  hits: SearchHit[];
  timings: { embedMs: number; dbMs: number };
  plan: PlanSummary | null;
  exact: { hits: number; recall: number; dbMs: number; missing: string[] } | null;
  warnings: string[];
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function summarisePlan(json: { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }, indexNames: Set<string>): PlanSummary {
  let usedIndex: string | null = null;
  let scan = 'Seq Scan';
  let rowsScanned = 0;
  let removed = 0;
  const lines: string[] = [];
  const walk = (n: PlanNode, depth: number) => {
    const loops = n['Actual Loops'] ?? 1;
    if (n['Relation Name'] || n['Index Name']) {
      scan = n['Node Type'];
      rowsScanned += (n['Actual Rows'] ?? 0) * loops + (n['Rows Removed by Filter'] ?? 0) * loops;
      removed += (n['Rows Removed by Filter'] ?? 0) * loops;
      if (n['Index Name'] && indexNames.has(n['Index Name'])) usedIndex = n['Index Name'];
    }
    const target = n['Index Name'] ? ` using ${n['Index Name']}` : n['Relation Name'] ? ` on ${n['Relation Name']}` : '';
    const filtered = n['Rows Removed by Filter'] ? `, ${n['Rows Removed by Filter']} removed by filter` : '';
    lines.push(`${'  '.repeat(depth)}${depth ? '-> ' : ''}${n['Node Type']}${target} (rows ${n['Actual Rows'] ?? '?'}${filtered}, ${n['Actual Total Time']?.toFixed(2) ?? '?'} ms)`);
    n.Plans?.forEach((c) => walk(c, depth + 1));
  };
  walk(json.Plan, 0);
  return {
    usedIndex, scan, rowsScanned, rowsRemovedByFilter: removed,
    executionMs: json['Execution Time'], planningMs: json['Planning Time'], text: lines.join('\n'),
  };
}

async function pgvectorVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'");
  return rows[0]?.v ?? '0';
}

const atLeast = (version: string, major: number, minor: number) => {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
};


const keyExpression = (c: Collection) => (c.keyColumn ? `t.${quoteIdent(c.keyColumn)}::text` : 't.ctid::text');

type SearchOptions = z.output<typeof searchInput>;

/** The one SQL statement a search runs (benchmarks run it raw to measure the console's overhead). */
export function buildSearchSql(collection: Collection, vector: number[], q: Pick<SearchOptions, 'distance' | 'namespace' | 'tags' | 'metadata' | 'min_similarity' | 'like' | 'limit' | 'vectors'>) {
  const table = qualified(collection);
  const col = `t.${quoteIdent(collection.column)}`;
  const keyExpr = keyExpression(collection);
  const filters: string[] = [];
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const requireColumn = (field: string, name: string, type: string) => {
    if (!hasColumn(collection, name, type)) throw new ValidationError(field, `${collection.id} has no ${name} column to filter on`);
  };

  const vectorParam = add(pgvector.toSql(vector));
  const op = OPERATORS[q.distance];
  const distanceExpr = `(${col} ${op} ${vectorParam}::vector)`;
  const similarityExpr = SIMILARITY[q.distance](distanceExpr);
  filters.push(`${col} IS NOT NULL`);
  if (q.namespace !== undefined) {
    requireColumn('namespace', 'namespace', 'character varying');
    filters.push(`t.namespace = ${add(q.namespace)}`);
  }
  if (q.tags?.length) {
    requireColumn('tags', 'tags', 'text[]');
    filters.push(`t.tags @> ${add(q.tags)}::text[]`);
  }
  if (q.metadata && Object.keys(q.metadata).length) {
    requireColumn('metadata', 'metadata', 'jsonb');
    filters.push(`t.metadata @> ${add(JSON.stringify(q.metadata))}::jsonb`);
  }
  if (q.min_similarity > 0) filters.push(`${similarityExpr} >= ${add(q.min_similarity)}`);
  if (q.like !== undefined) filters.push(`${keyExpr} <> ${add(q.like)}`);
  const limitParam = add(q.limit);
  const sql = `SELECT ${keyExpr} AS row_key, to_jsonb(t) - ${add(collection.column)} AS row,
      ${distanceExpr} AS distance, ${similarityExpr} AS similarity${q.vectors ? `, ${col}::text AS vector` : ''}
    FROM ${table} t WHERE ${filters.join(' AND ')}
    ORDER BY ${col} ${op} ${vectorParam}::vector LIMIT ${limitParam}`;

  return { sql, params };
}

export const searchCollection = traced('memory.search', async function searchCollection(input: unknown): Promise<SearchResult> {
  const q = parseInput(searchInput, input);
  const given = [q.text, q.vector, q.like].filter((x) => x !== undefined).length;
  if (given !== 1) throw new ValidationError('query', 'give exactly one of text, vector or like');
  const pool = projectPool();
  // Row counts only feed the warnings: the planner's estimate is enough and costs nothing.
  const collection = await getCollection(pool, q.collection, { counts: false });
  const { dimension } = collection;
  const table = qualified(collection);
  const keyExpr = keyExpression(collection);

  // The query vector.
  const started = performance.now();
  let vector: number[];
  let kind: SearchResult['query']['kind'];
  if (q.text !== undefined) {
    kind = 'text';
    [vector] = await embedFor(collection.id, dimension, [q.text]);
  } else if (q.vector !== undefined) {
    kind = 'vector';
    vector = parseInput(z.object({ vector: embeddingField(dimension) }), { vector: q.vector }).vector;
  } else {
    kind = 'like';
    const { rows } = await pool.query(`SELECT ${quoteIdent(collection.column)}::text AS v FROM ${table} t WHERE ${keyExpr} = $1`, [q.like]);
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
  const matchingIndex = collection.indexes.find((i) => i.distance === q.distance);
  // Settings need a transaction (SET LOCAL ends with it and never leaks to another query); a plain
  // search does not, and saves the BEGIN/COMMIT round trips.
  const needsTransaction = Boolean(q.ef_search || q.iterative || q.exact);
  const run = async (client: Queryable) => {
    if (q.ef_search) await client.query(`SET LOCAL hnsw.ef_search = ${q.ef_search}`);
    if (q.iterative) await client.query("SET LOCAL hnsw.iterative_scan = 'relaxed_order'");
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
    return { rows: found.rows, dbMs, plan, exact };
  };
  const result = needsTransaction ? await withTransaction(pool, run) : await run(pool);

  const warnings: string[] = [];
  if (!matchingIndex) {
    const others = collection.indexes.map((i) => `${i.name} (${i.method}, ${i.distance ?? 'unknown'} distance)`).join(', ');
    warnings.push(
      `No vector index serves ${q.distance} distance on ${collection.id}, so every search reads all ${collection.rows} rows` +
        (others ? `; the existing index ${others} only serves its own distance.` : '. Build an HNSW index to search faster.'),
    );
  }
  const hasFilters = q.namespace !== undefined || Boolean(q.tags?.length) || Boolean(q.metadata && Object.keys(q.metadata).length) || q.min_similarity > 0;
  const usedIndex = result.plan ? result.plan.usedIndex : matchingIndex?.name ?? null;
  if (usedIndex && result.rows.length < q.limit) {
    const ef = q.ef_search ?? 40;
    const lostRows = result.exact ? result.exact.hits > result.rows.length : null;
    if (lostRows === false) {
      warnings.push(`Only ${result.rows.length} of ${q.limit} rows match at all (the exact search finds the same number).`);
    } else {
      const why = hasFilters
        ? `With filters, HNSW looks at only ef_search (${ef}) candidates and filters them afterwards.`
        : `HNSW returns at most ef_search (${ef}) rows.`;
      warnings.push(
        `The index returned ${result.rows.length} of ${q.limit} rows${lostRows ? `, but an exact search finds ${result.exact!.hits}` : ''}. ${why} ` +
          `Raise ef_search${q.iterative ? '' : ', or turn on iterative scans (pgvector 0.8+)'}${result.exact ? '.' : '; run the exact comparison to see what is lost.'}`,
      );
    }
  }

  return {
    collection: { id: collection.id, schema: collection.schema, table: collection.table, column: collection.column, dimension, rows: collection.rows, indexes: collection.indexes },
    query: { kind, text: q.text, like: q.like, vectorPreview: vector.slice(0, 8) },
    options: { limit: q.limit, minSimilarity: q.min_similarity, distance: q.distance, efSearch: q.ef_search ?? null, iterative: q.iterative },
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
