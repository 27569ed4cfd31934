// Query strings → the inputs the lib/ functions validate (names follow seed 000: snake_case).
import { notFound } from 'next/navigation';
import type { ListFilters } from '@/lib/memories/memories';
import { NotFoundError, ValidationError } from '@/lib/errors';

/** A comma-separated query parameter as a list (absent or empty: not given). */
export const commaList = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
/** A query parameter; empty means not given. */
export const optionalParam = (v: string | null) => (v === null || v === '' ? undefined : v);

export function listQuery(p: URLSearchParams): ListFilters {
  return {
    namespace: p.get('namespace') ?? undefined,
    page: optionalParam(p.get('page')),
    pageSize: optionalParam(p.get('page_size')),
    tags: commaList(p.get('tags')),
    metaKey: optionalParam(p.get('meta_key')),
    metaValue: optionalParam(p.get('meta_value')),
    text: optionalParam(p.get('text')),
    sort: optionalParam(p.get('sort')),
  } as ListFilters;
}

/** An empty form field or query parameter, or one that is absent, means "not given". */
export const blankAsMissing = (v: unknown) => (v === null || v === '' ? undefined : v);

/** A yes/no query parameter: true/1 and false/0; absent or empty means "not given" (the default). */
export const queryFlag = (v: unknown) => {
  const given = blankAsMissing(v);
  return given === 'true' || given === '1' ? true : given === 'false' || given === '0' ? false : given;
};

/**
 * A page's path segment (still percent-encoded) decoded; broken encoding such as `%E0%A4%A` names
 * nothing that exists, so the answer is 404 rather than a URIError's 500.
 */
export function pagePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    notFound();
  }
}

/** A page's lookup: the NotFoundError a lib function throws becomes the page's 404. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

/** For pages whose URL carries filters: a refused one becomes the message shown ("from: must be a date …"), not a 500. */
export async function orProblem<T>(lookup: Promise<T>): Promise<{ value: T; problem: null } | { value: null; problem: string }> {
  try {
    return { value: await lookup, problem: null };
  } catch (err) {
    if (err instanceof ValidationError) return { value: null, problem: err.message };
    throw err;
  }
}
