// Search options from a URL: the Search page and GET /api/v1/search share them, so any search can be
// linked, exported or repeated from the command line.
import { commaList as list, optionalParam as opt, queryFlag } from '@/lib/http/params';
import { ValidationError } from '@/lib/errors';
import type { SearchInput, SearchRequest } from './search';

/** Search options from a URL. */
export function searchQuery(p: URLSearchParams): { [K in keyof SearchInput]?: unknown } {
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
 * The page's own URL, tidied: empty fields dropped, and one query at a time (a pasted vector wins
 * over typed text, and typed text over "more like").
 */
export function searchPageParams(sp: Record<string, string | undefined>): URLSearchParams {
  const params = new URLSearchParams(Object.entries(sp).filter(([, v]) => v !== undefined && v !== '') as [string, string][]);
  if (params.has('vector')) {
    params.delete('q');
    params.delete('like');
  } else if (params.has('q')) params.delete('like');
  return params;
}

/** A JSON request body as search options: it must be an object; its values are checked by the search. */
export function searchBody(body: unknown): SearchRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('body', 'must be a JSON object of search options');
  return body as SearchRequest;
}
