// Namespaces of memory_entries (seed 000) and the entries in each.
import { projectPool } from '@/lib/db/pools';
import { readDb } from '@/lib/db/replicas';
import { traced } from '@/lib/metrics/recorder';

export interface NamespaceSummary {
  namespace: string;
  entries: number;
  withEmbedding: number;
  lastUpdated: Date | null;
}

// Triggers on memory_entries keep recall.namespace_stats exact (migration 0010), so the list reads a
// row per namespace instead of grouping the whole table.
export const listNamespaces = traced('namespaces.list', async function listNamespaces(): Promise<NamespaceSummary[]> {
  const { rows } = await projectPool().query(`
    SELECT namespace, entries::float8 AS entries, with_embedding::float8 AS with_embedding, last_updated
    FROM recall.namespace_stats WHERE entries > 0 ORDER BY namespace`);
  return rows.map((r) => ({
    namespace: r.namespace,
    entries: r.entries,
    withEmbedding: r.with_embedding,
    lastUpdated: r.last_updated,
  }));
});

/** Entries in one namespace, from the maintained counts. */
export async function namespaceCount(namespace: string): Promise<number> {
  // From where the page's rows come from, so the count and the rows agree.
  const { rows } = await readDb().query<{ n: number }>(
    'SELECT entries::float8 AS n FROM recall.namespace_stats WHERE namespace = $1', [namespace]);
  return rows[0]?.n ?? 0;
}
