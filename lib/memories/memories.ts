// Seed 000's memory API over memory_entries: store (upsert), retrieve, list, delete, count, batch
// store — the same rules for the browser, the HTTP API and imports. Every write is audited.
import pgvector from 'pgvector';
import type pg from 'pg';
import { z } from 'zod';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { embedFor, embeddingStamp } from '@/lib/embeddings/provider';
import { ConflictError, NotFoundError, parseInput } from '@/lib/errors';
import { MEMORY_COLLECTION } from '@/lib/collections/catalog';
import {
  embeddingField, keyField, limitField, metadataField, namespaceField, pageField, tagsField, valueField, storableText, decimal, numberInput } from '@/lib/vector/validation';
import { traced } from '@/lib/metrics/recorder';
import { containsPattern } from '@/lib/db/sql';
import { namespaceCount } from './namespaces';
import { readDb } from '@/lib/db/replicas';

export interface Memory {
  id: number;
  namespace: string;
  key: string;
  value: string;
  metadata: Record<string, unknown>;
  tags: string[];
  hasEmbedding: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface MemoryWithVector extends Memory {
  embedding: number[] | null;
}

let dimensionCache: { value: number; at: number } | null = null;

/** memory_entries.embedding's dimension, read from the catalogue (seed 000: 384). */
export async function memoryDimension(db: Queryable = projectPool()): Promise<number> {
  if (dimensionCache && Date.now() - dimensionCache.at < 60_000) return dimensionCache.value;
  const { rows } = await db.query<{ dim: number }>(
    "SELECT atttypmod AS dim FROM pg_attribute WHERE attrelid = 'public.memory_entries'::regclass AND attname = 'embedding'",
  );
  dimensionCache = { value: rows[0].dim, at: Date.now() };
  return rows[0].dim;
}

const COLUMNS = `id, namespace, key, value, coalesce(metadata, '{}') AS metadata, coalesce(tags, '{}') AS tags,
  embedding IS NOT NULL AS has_embedding, created_at, updated_at`;

function toMemory(r: Record<string, unknown>): Memory {
  return {
    id: r.id as number,
    namespace: r.namespace as string,
    key: r.key as string,
    value: r.value as string,
    metadata: r.metadata as Record<string, unknown>,
    tags: r.tags as string[],
    hasEmbedding: r.has_embedding as boolean,
    createdAt: r.created_at as Date | null,
    updatedAt: r.updated_at as Date | null,
  };
}

export function memoryInput(dimension: number) {
  return z.object({
    namespace: namespaceField,
    key: keyField,
    value: valueField,
    embedding: embeddingField(dimension).nullish(),
    metadata: metadataField.nullish(),
    tags: tagsField.nullish(),
  });
}
export type MemoryInput = z.output<ReturnType<typeof memoryInput>>;

export const storeOptions = z.object({
  /** Compute the embedding with the configured provider when none is given. */
  embed: z.boolean({ error: 'must be true or false' }).default(false),
});

const UPSERT = `
  INSERT INTO memory_entries (namespace, key, value, embedding, metadata, tags)
  SELECT ns, k, v, e::vector, coalesce(m::jsonb, '{}'::jsonb), ARRAY(SELECT jsonb_array_elements_text(coalesce(t::jsonb, '[]')))
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(ns, k, v, e, m, t)
  ON CONFLICT (namespace, key) DO UPDATE
  SET value = EXCLUDED.value, embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata,
      tags = EXCLUDED.tags, updated_at = NOW()`;

const upsertParams = (entries: MemoryInput[]) => [
  entries.map((e) => e.namespace),
  entries.map((e) => e.key),
  entries.map((e) => e.value),
  entries.map((e) => (e.embedding ? pgvector.toSql(e.embedding) : null)),
  entries.map((e) => (e.metadata ? JSON.stringify(e.metadata) : null)),
  entries.map((e) => (e.tags ? JSON.stringify(e.tags) : null)),
];

/** Upserts entries on (namespace, key) in the caller's transaction and returns them. Entries must be validated. */
export async function upsertMemories(client: Queryable, entries: MemoryInput[]) {
  const { rows } = await client.query(`${UPSERT} RETURNING ${COLUMNS}, (xmax = 0) AS inserted`, upsertParams(entries));
  return rows.map((r) => ({ memory: toMemory(r), inserted: r.inserted as boolean }));
}

/** The same upsert for bulk loads, which need only the number of rows written. */
export async function upsertMemoriesQuietly(client: Queryable, entries: MemoryInput[]): Promise<number> {
  const { rowCount } = await client.query(UPSERT, upsertParams(entries));
  return rowCount ?? 0;
}

async function withEmbeddings(entries: MemoryInput[], dimension: number): Promise<MemoryInput[]> {
  const missing = entries.filter((e) => !e.embedding);
  if (!missing.length) return entries;
  const vectors = await embedFor(MEMORY_COLLECTION, dimension, missing.map((e) => e.value));
  const byEntry = new Map(missing.map((e, i) => [e, vectors[i]]));
  const stamp = embeddingStamp(dimension);
  return entries.map((e) => (byEntry.has(e) ? { ...e, embedding: byEntry.get(e)!, metadata: { ...e.metadata, ...stamp } } : e));
}

export const storeMemory = traced('memory.store', async function storeMemory(actor: Actor, input: unknown, options: unknown = {}) {
  const dimension = await memoryDimension();
  let entry = parseInput(memoryInput(dimension), input);
  const { embed } = parseInput(storeOptions, options);
  if (embed) [entry] = await withEmbeddings([entry], dimension);
  return withTransaction(projectPool(), async (client) => {
    const [result] = await upsertMemories(client, [entry]);
    await recordAudit(client, actor, result.inserted ? 'memory.create' : 'memory.update', `${entry.namespace}/${entry.key}`, {
      embedding: Boolean(entry.embedding),
    });
    return result;
  });
});

export const BATCH_MAX = 1000;

/** Stores up to 1000 entries atomically: all are validated first, and either all are stored or none. */
export const batchStoreMemories = traced('memory.batch_store', async function batchStoreMemories(actor: Actor, input: unknown, options: unknown = {}) {
  const dimension = await memoryDimension();
  const { entries } = parseInput(
    z.object({
      entries: z.array(memoryInput(dimension), { error: 'must be a list of entries' })
        .min(1, 'must contain at least one entry').max(BATCH_MAX, `at most ${BATCH_MAX} entries per call`),
    }),
    input,
  );
  const keys = new Set<string>();
  entries.forEach((e, i) => {
    const id = `${e.namespace}\u0000${e.key}`;
    if (keys.has(id)) throw new ConflictError(`entries.${i}: duplicate of an earlier entry (${e.namespace}/${e.key})`, `entries.${i}`);
    keys.add(id);
  });
  const { embed } = parseInput(storeOptions, options);
  const ready = embed ? await withEmbeddings(entries, dimension) : entries;
  return withTransaction(projectPool(), async (client) => {
    const results = await upsertMemories(client, ready);
    const inserted = results.filter((r) => r.inserted).length;
    await recordAudit(client, actor, 'memory.batch_store', `${ready.length} entries`, { inserted, updated: ready.length - inserted });
    return { stored: results.length, inserted, updated: ready.length - inserted };
  });
});

const locator = z.object({ namespace: namespaceField, key: keyField });

export const getMemory = traced('memory.retrieve', async function getMemory(namespace: unknown, key: unknown): Promise<MemoryWithVector> {
  const where = parseInput(locator, { namespace, key });
  const { rows } = await projectPool().query(
    `SELECT ${COLUMNS}, embedding::text AS embedding_text FROM memory_entries WHERE namespace = $1 AND key = $2`,
    [where.namespace, where.key],
  );
  if (!rows[0]) throw new NotFoundError(`No entry "${where.key}" in namespace "${where.namespace}".`);
  return { ...toMemory(rows[0]), embedding: rows[0].embedding_text ? (pgvector.fromSql(rows[0].embedding_text) as number[]) : null };
});

// newest and oldest are idx_memory_ns_created read forwards and backwards (so oldest puts entries
// without a created_at first); updated and key sort within the namespace.
export const SORTS = { newest: 'created_at DESC NULLS LAST, id DESC', oldest: 'created_at ASC NULLS FIRST, id ASC', updated: 'updated_at DESC NULLS LAST, id DESC', key: 'key ASC' } as const;
export const PAGE_SIZE = 50;

export const listFilters = z.object({
  namespace: namespaceField,
  page: pageField,
  pageSize: limitField.default(PAGE_SIZE),
  tags: z.array(storableText('must be text').min(1).max(100)).max(20, 'at most 20 tags').default([]),
  metaKey: storableText('must be text').min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
  metaValue: storableText('must be text').max(1000, 'at most 1000 characters').optional(),
  text: storableText('must be text').max(500, 'at most 500 characters').optional(),
  sort: z.enum(Object.keys(SORTS) as [keyof typeof SORTS], { error: `must be one of ${Object.keys(SORTS).join(', ')}` }).default('newest'),
});
export type ListFilters = z.input<typeof listFilters>;

/** A page of a namespace's entries, filtered by tags (all of), a metadata key/value, and text in key or value. */
export const listMemories = traced('memory.list', async function listMemories(input: ListFilters) {
  const f = parseInput(listFilters, input);
  const params: unknown[] = [f.namespace];
  const where = ['namespace = $1'];
  if (f.tags.length) {
    params.push(f.tags);
    where.push(`tags @> $${params.length}::text[]`);
  }
  if (f.metaKey) {
    params.push(f.metaKey);
    if (f.metaValue !== undefined && f.metaValue !== '') {
      params.push(f.metaValue);
      where.push(`metadata->>$${params.length - 1} = $${params.length}`);
    } else {
      where.push(`metadata ? $${params.length}`);
    }
  }
  if (f.text) {
    params.push(containsPattern(f.text));
    where.push(`(key ILIKE $${params.length} OR value ILIKE $${params.length})`);
  }
  const pool = readDb(); // read-only: a replica when one is in rotation
  const filteredList = where.length > 1;
  // Unfiltered, the maintained per-namespace count; filtered, the matching rows must be counted.
  const total = filteredList
    ? (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM memory_entries WHERE ${where.join(' AND ')}`, params)).rows[0].n
    : await namespaceCount(f.namespace);
  const pages = Math.max(1, Math.ceil(total / f.pageSize));
  // The page's ids first (an index scan over the sort's index that skips rows without reading them),
  // then only those rows are fetched by primary key.
  const { rows } = await pool.query(
    `SELECT ${COLUMNS.replace('value,', 'left(value, 400) AS value,')} FROM memory_entries
     WHERE id = ANY(ARRAY(SELECT id FROM memory_entries WHERE ${where.join(' AND ')}
                          ORDER BY ${SORTS[f.sort]} LIMIT $${params.length + 1} OFFSET $${params.length + 2}))
     ORDER BY ${SORTS[f.sort]}`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return { ...f, total, pages, entries: rows.map(toMemory) };
});

export const countMemories = traced('memory.count', async function countMemories(namespace?: unknown): Promise<number> {
  // Read from the counts the triggers of migration 0010 keep exact, not count(*) over the table.
  if (namespace === undefined || namespace === null || namespace === '') {
    const { rows } = await projectPool().query<{ n: number }>('SELECT coalesce(sum(entries), 0)::float8 AS n FROM recall.namespace_stats');
    return rows[0].n;
  }
  const ns = parseInput(z.object({ namespace: namespaceField }), { namespace }).namespace;
  return namespaceCount(ns);
});

export const deleteMemory = traced('memory.delete', async function deleteMemory(actor: Actor, namespace: unknown, key: unknown): Promise<boolean> {
  const where = parseInput(locator, { namespace, key });
  return withTransaction(projectPool(), async (client) => {
    const { rowCount } = await client.query('DELETE FROM memory_entries WHERE namespace = $1 AND key = $2', [where.namespace, where.key]);
    if (rowCount) await recordAudit(client, actor, 'memory.delete', `${where.namespace}/${where.key}`);
    return Boolean(rowCount);
  });
});

/**
 * Deletes a whole namespace. The caller confirms the number of entries it saw; if the namespace
 * changed since, nothing is deleted and the new count is reported.
 */
export const deleteNamespace = traced('namespace.delete', async function deleteNamespace(actor: Actor, namespace: unknown, confirmCount: unknown): Promise<number> {
  const input = parseInput(
    z.object({ namespace: namespaceField, confirmCount: decimal(numberInput().int('must be a whole number').min(1, 'must be at least 1')) }),
    { namespace, confirmCount },
  );
  return withTransaction(projectPool(), async (client: pg.PoolClient) => {
    await client.query('LOCK TABLE memory_entries IN SHARE ROW EXCLUSIVE MODE');
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM memory_entries WHERE namespace = $1', [input.namespace]);
    if (rows[0].n === 0) throw new NotFoundError(`Namespace "${input.namespace}" has no entries.`);
    if (rows[0].n !== input.confirmCount) {
      throw new ConflictError(`confirmCount: the namespace now has ${rows[0].n} entries, not ${input.confirmCount}; confirm again`, 'confirmCount');
    }
    await client.query('DELETE FROM memory_entries WHERE namespace = $1', [input.namespace]);
    await recordAudit(client, actor, 'namespace.delete', input.namespace, { entries: rows[0].n });
    return rows[0].n;
  });
});

/** Computes and stores the embedding of an entry saved without one. */
export const embedMemory = traced('memory.embed', async function embedMemory(actor: Actor, namespace: unknown, key: unknown) {
  const entry = await getMemory(namespace, key);
  const dimension = await memoryDimension();
  const [vector] = await embedFor(MEMORY_COLLECTION, dimension, [entry.value]);
  await withTransaction(projectPool(), async (client) => {
    await client.query(
      `UPDATE memory_entries SET embedding = $1::vector, metadata = coalesce(metadata, '{}') || $3::jsonb, updated_at = NOW() WHERE id = $2`,
      [pgvector.toSql(vector), entry.id, JSON.stringify(embeddingStamp(dimension))],
    );
    await recordAudit(client, actor, 'memory.embed', `${entry.namespace}/${entry.key}`);
  });
  return vector;
});

