// Small helpers for building parameterised SQL.

/** A value for `ILIKE $n` that matches `text` anywhere, with %, _ and \ in it taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
