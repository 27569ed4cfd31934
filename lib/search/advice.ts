// What to tell an admin about a search: a distance no index serves, a filter that matched nothing,
// or an index scan that came back short (and whether filters, ef_search or the data are why).
import type { Collection } from '@/lib/collections/catalog';
import { SEARCH_DEFAULTS } from './defaults';
import type { PlanSummary } from './plan';
import type { SearchOptions } from './search';
import { givenFilters, type FilterName } from './sql';

export interface Found {
  rows: number;
  plan: PlanSummary | null;
  exact: { hits: number } | null;
  /** Rows passing every filter but similarity, counted up to the limit; null when not counted. */
  matching: number | null;
  /** For a filtered search that found nothing: whether each filter alone matches any row. */
  filterMatches: Partial<Record<FilterName, boolean>> | null;
}

const describeFilter = (q: SearchOptions, f: FilterName) =>
  f === 'namespace' ? `namespace "${q.namespace}"` : f === 'tags' ? `tags ${q.tags!.join(', ')}` : `metadata ${JSON.stringify(q.metadata)}`;

function listed(parts: string[]) {
  return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** A filtered search with no hits: which filter matched nothing, or that they match nothing together. */
function emptyFilterAdvice(collection: Collection, q: SearchOptions, found: Found): string | null {
  const filters = givenFilters(q);
  if (found.rows > 0 || !filters.length || !found.filterMatches) return null;
  const empty = filters.filter((f) => found.filterMatches![f] === false);
  if (empty.length) {
    return `${empty.length === 1 ? 'The filter' : 'The filters'} ${listed(empty.map((f) => describeFilter(q, f)))} matched no row of ${collection.id}: check the spelling or clear ${empty.length === 1 ? 'it' : 'them'}.`;
  }
  if (found.matching === 0 && filters.length > 1) {
    return `Each filter matches rows of ${collection.id}, but no row has ${listed(filters.map((f) => describeFilter(q, f)))} together.`;
  }
  return null;
}

export function searchAdvice(collection: Collection, q: SearchOptions, found: Found): string[] {
  const warnings: string[] = [];
  const matchingIndex = collection.indexes.find((i) => i.distance === q.distance);
  if (!matchingIndex) {
    const others = collection.indexes.map((i) => `${i.name} (${i.method}, ${i.distance ?? 'unknown'} distance)`).join(', ');
    warnings.push(
      `No vector index serves ${q.distance} distance on ${collection.id}, so every search reads all ${collection.rows} rows` +
        (others ? `; the existing index ${others} only serves its own distance.` : '. Build an HNSW index to search faster.'),
    );
  }
  const emptyFilter = emptyFilterAdvice(collection, q, found);
  if (emptyFilter) {
    warnings.push(emptyFilter);
    return warnings;
  }
  if (found.rows >= q.limit) return warnings;

  const hasFilters = givenFilters(q).length > 0;
  const indexScan = found.plan?.usedIndex ?? null;
  // More rows exist than came back: the exact search says so, or (no similarity threshold) the count
  // of rows passing the filters does.
  const moreExist = found.exact ? found.exact.hits > found.rows
    : found.matching !== null && q.min_similarity === 0 ? found.matching > found.rows : null;

  if (found.rows === 0 && q.min_similarity > 0 && (found.exact ? found.exact.hits === 0 : !indexScan && Boolean(found.matching))) {
    warnings.push(`${hasFilters ? 'Rows pass the filters' : 'Rows have embeddings'}, but none reaches min_similarity ${q.min_similarity}: lower it to see the nearest.`);
  } else if (moreExist === false) {
    warnings.push(found.exact
      ? `Only ${found.rows} of ${q.limit} rows match at all (the exact search finds the same number).`
      : `Only ${found.matching} ${hasFilters ? 'rows pass the filters' : 'rows have an embedding'}, so all of them came back.`);
  } else if (indexScan && moreExist) {
    const ef = q.ef_search ?? SEARCH_DEFAULTS.efSearch;
    const why = hasFilters
      ? `With filters, HNSW looks at only ef_search (${ef}) candidates and filters them afterwards.`
      : `HNSW returns at most ef_search (${ef}) rows.`;
    const evidence = found.exact ? `, but an exact search finds ${found.exact.hits}` : `, but at least ${found.matching} rows pass the filters`;
    warnings.push(`The index ${indexScan} returned ${found.rows} of ${q.limit} rows${evidence}. ${why} ` +
      `Raise ef_search${q.iterative ? '' : ', or turn on iterative scans (pgvector 0.8+)'}.`);
  } else if (indexScan && moreExist === null) {
    warnings.push(`The index ${indexScan} returned ${found.rows} of ${q.limit} rows; more rows pass the filters but may be below min_similarity ${q.min_similarity}. Run the exact comparison to see whether the index missed any.`);
  }
  return warnings;
}
