// Namespaces of memory_entries (seed 000) and the entries in each.
import { z } from 'zod';
import { projectPool } from '@/lib/db/pools';
import { parseInput } from '@/lib/errors';
import { blankAsMissing } from '@/lib/http/params';
import { namespaceField, storableText } from '@/lib/vector/validation';
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
  return rows.map(toSummary);
});

export const NAMESPACE_PAGE_SIZE = 50;

export const namespaceFilterInput = z.object({
  q: z.preprocess(blankAsMissing, storableText('must be text').trim().max(255, 'at most 255 characters').optional()),
  match: z.preprocess(blankAsMissing, z.enum(['contains', 'prefix'], { error: 'must be contains or prefix' }).default('contains')),
  /** Keyset cursors: the last name of the page before, or the first of the page after. */
  after: z.preprocess(blankAsMissing, namespaceField.optional()),
  before: z.preprocess(blankAsMissing, namespaceField.optional()),
});
export type NamespaceFilter = z.output<typeof namespaceFilterInput>;

export interface NamespacePage {
  namespaces: NamespaceSummary[];
  /** Namespaces matching the filter, over all pages. */
  matching: number;
  /** Cursors for the neighbouring pages, or null at either end. */
  after: string | null;
  before: string | null;
  filter: NamespaceFilter;
}

/**
 * One page of namespaces whose name contains (or starts with) q, case-insensitively, in name order.
 * Reads the maintained summary (a row per namespace), paged by key, so it costs the same at ten
 * namespaces or thousands and never touches memory_entries.
 */
export const findNamespaces = traced('namespaces.find', async function findNamespaces(input: unknown): Promise<NamespacePage> {
  const filter = parseInput(namespaceFilterInput, input);
  const params: unknown[] = [];
  const where = ['entries > 0'];
  if (filter.q) {
    params.push(filter.q.toLowerCase());
    // strpos/starts_with instead of LIKE: a typed % or _ is a character, not a wildcard.
    where.push(filter.match === 'prefix' ? `starts_with(lower(namespace), $${params.length})` : `strpos(lower(namespace), $${params.length}) > 0`);
  }
  const db = projectPool(); // as listNamespaces: the primary, so a namespace just written is listed
  const counted = db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM recall.namespace_stats WHERE ${where.join(' AND ')}`, params);
  const backwards = filter.before !== undefined && filter.after === undefined;
  const cursor = backwards ? filter.before : filter.after;
  const pageWhere = [...where];
  const pageParams = [...params];
  if (cursor !== undefined) {
    pageParams.push(cursor);
    pageWhere.push(`namespace ${backwards ? '<' : '>'} $${pageParams.length}`);
  }
  pageParams.push(NAMESPACE_PAGE_SIZE + 1);
  const { rows } = await db.query(`
    SELECT namespace, entries::float8 AS entries, with_embedding::float8 AS with_embedding, last_updated
    FROM recall.namespace_stats WHERE ${pageWhere.join(' AND ')}
    ORDER BY namespace ${backwards ? 'DESC' : 'ASC'} LIMIT $${pageParams.length}`, pageParams);
  const more = rows.length > NAMESPACE_PAGE_SIZE;
  const page = rows.slice(0, NAMESPACE_PAGE_SIZE);
  if (backwards) page.reverse();
  const namespaces = page.map(toSummary);
  const first = namespaces[0]?.namespace ?? null;
  const last = namespaces[namespaces.length - 1]?.namespace ?? null;
  return {
    namespaces,
    matching: (await counted).rows[0].n,
    after: (backwards ? true : more) ? last : null,
    before: (backwards ? more : cursor !== undefined) ? first : null,
    filter,
  };
});

const toSummary = (r: Record<string, unknown>): NamespaceSummary => ({
  namespace: r.namespace as string,
  entries: r.entries as number,
  withEmbedding: r.with_embedding as number,
  lastUpdated: r.last_updated as Date | null,
});

/** Entries in one namespace, from the maintained counts. */
export async function namespaceCount(namespace: string): Promise<number> {
  // From where the page's rows come from, so the count and the rows agree.
  const { rows } = await readDb().query<{ n: number }>(
    'SELECT entries::float8 AS n FROM recall.namespace_stats WHERE namespace = $1', [namespace]);
  return rows[0]?.n ?? 0;
}
