// What to tell an admin about a search: a distance no index serves, or an index that came back short
// (and whether filters, ef_search or the data are why).
import type { Collection } from '@/lib/collections/catalog';
import { SEARCH_DEFAULTS } from './defaults';
import type { PlanSummary } from './plan';
import type { SearchOptions } from './search';

interface Found {
  rows: number;
  plan: PlanSummary | null;
  exact: { hits: number } | null;
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
  const hasFilters = q.namespace !== undefined || Boolean(q.tags?.length) || Boolean(q.metadata && Object.keys(q.metadata).length) || q.min_similarity > 0;
  const usedIndex = found.plan ? found.plan.usedIndex : matchingIndex?.name ?? null;
  if (usedIndex && found.rows < q.limit) {
    const ef = q.ef_search ?? SEARCH_DEFAULTS.efSearch;
    const lostRows = found.exact ? found.exact.hits > found.rows : null;
    if (lostRows === false) {
      warnings.push(`Only ${found.rows} of ${q.limit} rows match at all (the exact search finds the same number).`);
    } else {
      const why = hasFilters
        ? `With filters, HNSW looks at only ef_search (${ef}) candidates and filters them afterwards.`
        : `HNSW returns at most ef_search (${ef}) rows.`;
      warnings.push(
        `The index returned ${found.rows} of ${q.limit} rows${lostRows ? `, but an exact search finds ${found.exact!.hits}` : ''}. ${why} ` +
          `Raise ef_search${q.iterative ? '' : ', or turn on iterative scans (pgvector 0.8+)'}${found.exact ? '.' : '; run the exact comparison to see what is lost.'}`,
      );
    }
  }

  return warnings;
}
