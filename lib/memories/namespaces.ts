// Namespaces of memory_entries (seed 000) and the entries in each.
import { projectPool } from '@/lib/db/pools';
import { traced } from '@/lib/metrics/recorder';

export interface NamespaceSummary {
  namespace: string;
  entries: number;
  withEmbedding: number;
  lastUpdated: Date | null;
}

export const listNamespaces = traced('namespaces.list', async function listNamespaces(): Promise<NamespaceSummary[]> {
  const { rows } = await projectPool().query(`
    SELECT namespace, count(*)::int AS entries, count(embedding)::int AS with_embedding,
           max(updated_at) AS last_updated
    FROM memory_entries GROUP BY namespace ORDER BY namespace`);
  return rows.map((r) => ({
    namespace: r.namespace,
    entries: r.entries,
    withEmbedding: r.with_embedding,
    lastUpdated: r.last_updated,
  }));
});
