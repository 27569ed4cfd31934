// Query strings → the inputs the lib/ functions validate (names follow seed 000: snake_case).
import { notFound } from 'next/navigation';
import type { ListFilters } from '@/lib/memories/memories';
import { ValidationError } from '@/lib/errors';

const list = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
const opt = (v: string | null) => (v === null || v === '' ? undefined : v);

export function listQuery(p: URLSearchParams): ListFilters {
  return {
    namespace: p.get('namespace') ?? undefined,
    page: opt(p.get('page')),
    pageSize: opt(p.get('page_size')),
    tags: list(p.get('tags')),
    metaKey: opt(p.get('meta_key')),
    metaValue: opt(p.get('meta_value')),
    text: opt(p.get('text')),
    sort: opt(p.get('sort')),
  } as ListFilters;
}

/** An empty form field or query parameter, or one that is absent, means "not given". */
export const blankAsMissing = (v: unknown) => (v === null || v === '' ? undefined : v);

/** A yes/no query parameter: true/1 and false/0; absent or empty means "not given" (the default). */
export const queryFlag = (v: unknown) => {
  const given = blankAsMissing(v);
  return given === 'true' || given === '1' ? true : given === 'false' || given === '0' ? false : given;
};

/** Search options from a URL (the search page and GET exports share it, so a search can be linked). */
export function searchQuery(p: URLSearchParams): Record<string, unknown> {
  let metadata: unknown;
  const meta = opt(p.get('meta'));
  if (meta) {
    const eq = meta.indexOf('=');
    metadata = eq > 0 ? { [meta.slice(0, eq)]: meta.slice(eq + 1) } : meta;
  }
  let vector: unknown;
  const rawVector = opt(p.get('vector'));
  if (rawVector) {
    try {
      vector = JSON.parse(rawVector);
    } catch {
      vector = rawVector;
    }
  }
  return {
    collection: opt(p.get('collection')),
    text: opt(p.get('q')),
    vector,
    like: opt(p.get('like')),
    namespace: opt(p.get('namespace')),
    tags: list(p.get('tags')),
    metadata,
    limit: opt(p.get('limit')),
    min_similarity: opt(p.get('min')),
    distance: opt(p.get('distance')),
    ef_search: opt(p.get('ef')),
    exact: queryFlag(p.get('exact')),
    iterative: queryFlag(p.get('iterative')),
    explain: queryFlag(p.get('explain')),
  };
}

/**
 * A path segment as the page receives it (still percent-encoded), decoded; broken encoding such as
 * `%E0%A4%A` or `%ZZ` is a ValidationError naming the segment, never a URIError (a 500).
 */
export function decodePathSegment(raw: string, field: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ValidationError(field, 'is not valid percent-encoding (a % must be followed by two hex digits of UTF-8)');
  }
}

/** For pages: a segment that cannot be decoded names nothing that exists, so the answer is 404. */
export function pagePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    notFound();
  }
}
