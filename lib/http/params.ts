// Query strings → the inputs the lib/ functions validate (names follow seed 000: snake_case).
import type { ListFilters } from '@/lib/memories/memories';

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
