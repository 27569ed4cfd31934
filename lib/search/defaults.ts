// Every search default, in one place, for the page, the API, exports, the CLI and benchmarks.
import type { Distance } from '@/lib/collections/catalog';

export const SEARCH_DEFAULTS = {
  limit: 10,
  /** The API's threshold, as seed 000's search_memories (p_min_similarity DEFAULT 0.7). */
  minSimilarity: 0.7,
  distance: 'cosine' as Distance,
  /** pgvector's own default for hnsw.ef_search: what a search uses when none is given. */
  efSearch: 40,
} as const;

/**
 * The Search page starts from 0: an admin exploring a collection sees the nearest rows however far
 * they are, with their similarity, instead of an empty page. Its export links carry the page's
 * value, so an export returns what the page shows.
 */
export const PAGE_MIN_SIMILARITY = 0;
