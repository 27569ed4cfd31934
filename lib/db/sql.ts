// Small helpers for building parameterised SQL.
import type { Queryable } from '@/lib/db/pools';

/** A value for `ILIKE $n` that matches `text` anywhere, with %, _ and \ in it taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Beyond this many rows (by the planner's estimate, pg_class.reltuples) pages show the estimate,
 * labelled as one, instead of running count(*) over the whole table.
 */
export const EXACT_COUNT_LIMIT = 100_000;

/** The planner's row estimate for a table (pg_class.reltuples; 0 before its first ANALYZE), without reading it. */
export async function estimatedRows(db: Queryable, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT GREATEST(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = $1::regclass', [table]);
  return rows[0].n;
}
