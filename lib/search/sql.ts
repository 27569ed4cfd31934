// The one SQL statement a search runs, built from catalogue identifiers (quoted) and parameters
// only; benchmarks run it raw to measure the console's overhead.
import { vectorParam as binaryVector } from '@/lib/vector/binary';
import { ValidationError } from '@/lib/errors';
import { hasColumn, qualified, quoteIdent, type Collection, type Distance } from '@/lib/collections/catalog';
import type { SearchOptions } from './search';
import { keyMatch } from '@/lib/collections/row-key';

export const OPERATORS: Record<Distance, string> = { cosine: '<=>', l2: '<->', ip: '<#>' };

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

export const keyExpression = (c: Collection) => (c.keyColumn ? `t.${quoteIdent(c.keyColumn)}::text` : 't.ctid::text');

export type FilterName = 'namespace' | 'tags' | 'metadata';
type FilterQuery = Pick<SearchOptions, 'namespace' | 'tags' | 'metadata' | 'like'>;

/** The row filters a search applies besides similarity, each as SQL over alias t, in one order. */
function rowFilters(collection: Collection, q: FilterQuery, add: (value: unknown) => string) {
  const requireColumn = (field: string, name: string, type: string) => {
    if (!hasColumn(collection, name, type)) throw new ValidationError(field, `${collection.id} has no ${name} column to filter on`);
  };
  const out: { name: FilterName | 'like'; sql: string }[] = [];
  if (q.namespace !== undefined) {
    requireColumn('namespace', 'namespace', 'character varying');
    out.push({ name: 'namespace', sql: `t.namespace = ${add(q.namespace)}` });
  }
  if (q.tags?.length) {
    requireColumn('tags', 'tags', 'text[]');
    out.push({ name: 'tags', sql: `t.tags @> ${add(q.tags)}::text[]` });
  }
  if (q.metadata && Object.keys(q.metadata).length) {
    requireColumn('metadata', 'metadata', 'jsonb');
    out.push({ name: 'metadata', sql: `t.metadata @> ${add(JSON.stringify(q.metadata))}::jsonb` });
  }
  // The parameter in the key's own type, so the primary key's index can serve the comparison.
  if (q.like !== undefined) out.push({ name: 'like', sql: `NOT (${keyMatch(collection, 't', add(q.like))})` });
  return out;
}

function parameters() {
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  return { params, add };
}

/** The filters a search was given (namespace, tags, metadata), by name. */
export const givenFilters = (q: FilterQuery): FilterName[] =>
  (['namespace', 'tags', 'metadata'] as const).filter((f) => (f === 'namespace' ? q.namespace !== undefined : f === 'tags' ? Boolean(q.tags?.length) : Boolean(q.metadata && Object.keys(q.metadata).length)));

/**
 * How many rows with an embedding pass the search's filters (all of them, or `only` one), counted up
 * to `cap`: enough to tell "more rows exist than came back" without counting millions.
 */
export function buildMatchCountSql(collection: Collection, q: FilterQuery, cap: number, only?: FilterName) {
  const { params, add } = parameters();
  const subset: FilterQuery = only ? { [only]: q[only] } : q;
  const filters = rowFilters(collection, subset, add).map((f) => f.sql);
  const sql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${qualified(collection)} t
    WHERE ${[`t.${quoteIdent(collection.column)} IS NOT NULL`, ...filters].join(' AND ')} LIMIT ${add(cap)}) matched`;
  return { sql, params };
}

/** The one SQL statement a search runs (benchmarks run it raw to measure the console's overhead). */
export function buildSearchSql(collection: Collection, vector: number[], q: Pick<SearchOptions, 'distance' | 'namespace' | 'tags' | 'metadata' | 'min_similarity' | 'like' | 'limit' | 'vectors'>) {
  const table = qualified(collection);
  const col = `t.${quoteIdent(collection.column)}`;
  const keyExpr = keyExpression(collection);
  const { params, add } = parameters();

  const vectorParam = add(binaryVector(vector));
  const op = OPERATORS[q.distance];
  const distanceExpr = `(${col} ${op} ${vectorParam}::vector)`;
  const similarityExpr = SIMILARITY[q.distance](distanceExpr);
  const filters = [`${col} IS NOT NULL`, ...rowFilters(collection, { ...q, like: undefined }, add).map((f) => f.sql)];
  if (q.min_similarity > 0) filters.push(`${similarityExpr} >= ${add(q.min_similarity)}`);
  if (q.like !== undefined) filters.push(...rowFilters(collection, { like: q.like }, add).map((f) => f.sql));
  const limitParam = add(q.limit);
  const sql = `SELECT ${keyExpr} AS row_key, to_jsonb(t) - ${add(collection.column)} AS row,
      ${distanceExpr} AS distance, ${similarityExpr} AS similarity${q.vectors ? `, ${col}::text AS vector` : ''}
    FROM ${table} t WHERE ${filters.join(' AND ')}
    ORDER BY ${col} ${op} ${vectorParam}::vector LIMIT ${limitParam}`;

  return { sql, params };
}
