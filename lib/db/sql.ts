// Small helpers for building parameterised SQL.

/** A value for `ILIKE $n` that matches `text` anywhere, with %, _ and \ in it taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Beyond this many rows (by the planner's estimate, pg_class.reltuples) pages show the estimate,
 * labelled as one, instead of running count(*) over the whole table.
 */
export const EXACT_COUNT_LIMIT = 100_000;
