// Stored values are shown in bounded size: a page of entries or rows must not become megabytes of HTML
// because one value is large or deeply nested (4,000 levels pretty-printed were 67 MB). The whole value
// is always one click away as a download.

/** Characters of a value or of JSON shown on a page before "show all". */
export const DISPLAY_MAX_CHARS = 20_000;
/** Pretty-printing indents each level: beyond this depth JSON is shown compact. */
const PRETTY_MAX_DEPTH = 8;

export interface Shown {
  text: string;
  truncated: boolean;
  /** The full length in characters. */
  total: number;
}

export function shownText(s: string, max = DISPLAY_MAX_CHARS): Shown {
  return s.length <= max ? { text: s, truncated: false, total: s.length } : { text: s.slice(0, max), truncated: true, total: s.length };
}

function depthAtMost(v: unknown, limit: number): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (limit === 0) return false;
  return Object.values(v).every((x) => depthAtMost(x, limit - 1));
}

/** JSON for reading or editing: indented when shallow, compact when deep (never larger than the compact form × ~2). */
export function readableJson(value: unknown): string {
  return JSON.stringify(value, null, depthAtMost(value, PRETTY_MAX_DEPTH) ? 2 : undefined) ?? 'null';
}

export function shownJson(value: unknown, max = DISPLAY_MAX_CHARS): Shown {
  const compact = JSON.stringify(value) ?? 'null';
  if (compact.length > max) return shownText(compact, max);
  return shownText(readableJson(value), max);
}
