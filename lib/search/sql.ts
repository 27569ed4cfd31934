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

  const vectorParam = add(binaryVector(vector));
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
  // The parameter in the key's own type, so the primary key's index can serve the comparison.
  if (q.like !== undefined) filters.push(`NOT (${keyMatch(collection, 't', add(q.like))})`);
  const limitParam = add(q.limit);
  const sql = `SELECT ${keyExpr} AS row_key, to_jsonb(t) - ${add(collection.column)} AS row,
      ${distanceExpr} AS distance, ${similarityExpr} AS similarity${q.vectors ? `, ${col}::text AS vector` : ''}
    FROM ${table} t WHERE ${filters.join(' AND ')}
    ORDER BY ${col} ${op} ${vectorParam}::vector LIMIT ${limitParam}`;

  return { sql, params };
}
