// Namespaces of memory_entries (seed 000) and the entries in each.
import { z } from 'zod';
import { projectPool } from '@/lib/db/pools';
import { NotFoundError, parseInput } from '@/lib/errors';

export interface NamespaceSummary {
  namespace: string;
  entries: number;
  withEmbedding: number;
  lastUpdated: Date | null;
}

export async function listNamespaces(): Promise<NamespaceSummary[]> {
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
}

export const ENTRIES_PAGE_SIZE = 50;

export const namespaceName = z
  .string({ error: 'required' })
  .min(1, 'must not be empty')
  .max(255, 'at most 255 characters');

export const pageNumber = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(1_000_000, 'must be at most 1000000')
  .default(1);

export interface MemoryEntryRow {
  id: number;
  key: string;
  value: string;
  tags: string[];
  metadata: Record<string, unknown>;
  hasEmbedding: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export async function listEntries(rawNamespace: unknown, rawPage: unknown) {
  const { namespace, page } = parseInput(z.object({ namespace: namespaceName, page: pageNumber }), {
    namespace: rawNamespace,
    page: rawPage ?? undefined,
  });
  const pool = projectPool();
  const total = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM memory_entries WHERE namespace = $1',
    [namespace],
  );
  const count = total.rows[0].n;
  if (count === 0) throw new NotFoundError(`Namespace "${namespace}" has no entries.`);
  const pages = Math.max(1, Math.ceil(count / ENTRIES_PAGE_SIZE));
  const { rows } = await pool.query(
    `SELECT id, key, left(value, 400) AS value, coalesce(tags, '{}') AS tags, coalesce(metadata, '{}') AS metadata,
            embedding IS NOT NULL AS has_embedding, created_at, updated_at
     FROM memory_entries WHERE namespace = $1
     ORDER BY created_at DESC NULLS LAST, id DESC
     LIMIT $2 OFFSET $3`,
    [namespace, ENTRIES_PAGE_SIZE, (page - 1) * ENTRIES_PAGE_SIZE],
  );
  const entries: MemoryEntryRow[] = rows.map((r) => ({
    id: r.id,
    key: r.key,
    value: r.value,
    tags: r.tags,
    metadata: r.metadata,
    hasEmbedding: r.has_embedding,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
  return { namespace, page, pages, total: count, entries };
}
