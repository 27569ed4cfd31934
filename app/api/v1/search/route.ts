import { withAccess } from '@/lib/http/route';
import { searchQuery } from '@/lib/search/params';
import { downloadResponse, exportOptions, exportRows } from '@/lib/imports/export';
import { parseInput } from '@/lib/errors';
import { searchCollection } from '@/lib/search/search';

/** A search result as a file: the search page's query string plus format=jsonl|csv and vectors. */
export const GET = withAccess('read', async (req) => {
  const p = new URL(req.url).searchParams;
  const { format, vectors } = parseInput(exportOptions, { format: p.get('format') ?? undefined, vectors: p.get('vectors') ?? undefined });
  const result = await searchCollection({ ...searchQuery(p), explain: false, vectors });
  const rows = result.hits.map((h) => ({ key: h.key, similarity: h.similarity, distance: h.distance, ...h.row, ...(vectors ? { vector: h.vector } : {}) }));
  return downloadResponse(exportRows(rows, format, 'search'));
});
