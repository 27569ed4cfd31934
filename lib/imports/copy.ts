// Bulk loading at Postgres speed: COPY … FROM STDIN (text format) into a staging table, then one
// upsert from the staging table into the target, inside the caller's transaction. The embedded
// engine's socket server does not speak the COPY sub-protocol (the connection loses sync), so
// imports there keep their multi-row INSERT path.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import pgvector from 'pgvector';
import { from as copyFrom } from 'pg-copy-streams';
import type { Queryable } from '@/lib/db/pools';
import type { MemoryInput } from '@/lib/memories/memories';

const copyCapable = new WeakMap<object, Promise<boolean>>();

/** Whether the server takes COPY FROM STDIN: every real PostgreSQL does; PGlite's socket server does not. */
export function copySupported(pool: pg.Pool): Promise<boolean> {
  let known = copyCapable.get(pool);
  if (!known) {
    known = pool.query<{ v: string }>('SELECT version() AS v').then((r) => !r.rows[0].v.includes('PGlite'));
    copyCapable.set(pool, known);
  }
  return known;
}

/** One field of COPY's text format: \N for NULL; backslash, tab, newline and carriage return escaped. */
export function copyField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A text[] literal ({"a","b"}), each element quoted so commas, braces and quotes stay inside it. */
export function arrayLiteral(items: string[]): string {
  return `{${items.map((t) => `"${t.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Streams lines (each ending in \n) into `COPY … FROM STDIN` on the client; resolves when the server has them all. */
export async function copyLines(client: pg.PoolClient, sql: string, lines: Iterable<string>, chunk = 256) {
  function* chunks() {
    let buf: string[] = [];
    for (const line of lines) {
      buf.push(line);
      if (buf.length >= chunk) {
        yield buf.join('');
        buf = [];
      }
    }
    if (buf.length) yield buf.join('');
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

// A session's own staging table; ON COMMIT DELETE ROWS empties it with each batch's transaction.
const STAGE = `CREATE TEMP TABLE IF NOT EXISTS recall_memory_stage (
  namespace text, key text, value text, embedding vector, metadata jsonb, tags text[]) ON COMMIT DELETE ROWS`;

// The same upsert semantics as the INSERT path (lib/memories/memories.ts UPSERT).
const UPSERT_FROM_STAGE = `
  INSERT INTO memory_entries (namespace, key, value, embedding, metadata, tags)
  SELECT namespace, key, value, embedding, coalesce(metadata, '{}'::jsonb), coalesce(tags, '{}') FROM recall_memory_stage
  ON CONFLICT (namespace, key) DO UPDATE
  SET value = EXCLUDED.value, embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata,
      tags = EXCLUDED.tags, updated_at = NOW()`;

const memoryLine = (e: MemoryInput) =>
  [
    copyField(e.namespace),
    copyField(e.key),
    copyField(e.value),
    copyField(e.embedding ? pgvector.toSql(e.embedding) : null),
    copyField(e.metadata ? JSON.stringify(e.metadata) : null),
    copyField(e.tags ? arrayLiteral(e.tags) : null),
  ].join('\t') + '\n';

/** Upserts validated entries through COPY into the staging table; the client must be inside a transaction. */
export async function copyUpsertMemories(client: pg.PoolClient, entries: MemoryInput[]): Promise<number> {
  await client.query(STAGE);
  await copyLines(client, 'COPY recall_memory_stage (namespace, key, value, embedding, metadata, tags) FROM STDIN', entries.map(memoryLine));
  const { rowCount } = await client.query(UPSERT_FROM_STAGE);
  return rowCount ?? 0;
}

/** A vector index on a table, as pg_get_indexdef gives it, so it can be dropped and built again. */
export interface DroppedIndex {
  schema: string;
  name: string;
  definition: string;
}

/** The HNSW/IVFFlat indexes of a table (valid ones only). */
export async function vectorIndexes(db: Queryable, table: string): Promise<DroppedIndex[]> {
  const { rows } = await db.query<DroppedIndex>(
    `SELECT n.nspname AS schema, ic.relname AS name, pg_get_indexdef(ic.oid) AS definition
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
     JOIN pg_namespace n ON n.oid = ic.relnamespace
     WHERE i.indrelid = $1::regclass AND am.amname IN ('hnsw', 'ivfflat') AND i.indisvalid ORDER BY ic.relname`,
    [table],
  );
  return rows;
}

// pgvector's advice for building after a load: plenty of maintenance memory and parallel workers.
const BUILD_MEMORY = process.env.RECALL_INDEX_BUILD_MEMORY ?? '1GB';

/**
 * Builds dropped indexes again with CREATE INDEX CONCURRENTLY (writes go on meanwhile), with raised
 * maintenance_work_mem on the building session only. Returns the seconds taken.
 */
export async function rebuildIndexes(pool: pg.Pool, indexes: DroppedIndex[]): Promise<number> {
  if (!indexes.length) return 0;
  const started = performance.now();
  const client = await pool.connect();
  try {
    // Session settings, reset before the connection goes back to the pool. The value is ours, not a user's.
    await client.query(`SET maintenance_work_mem = '${BUILD_MEMORY.replace(/[^0-9A-Za-z]/g, '')}'`);
    await client.query('SET max_parallel_maintenance_workers = 2');
    await client.query('SET statement_timeout = 0');
    for (const index of indexes) {
      await client.query(index.definition.replace(/^CREATE (UNIQUE )?INDEX /, (m) => `${m}CONCURRENTLY `));
    }
  } finally {
    await client.query('RESET maintenance_work_mem; RESET max_parallel_maintenance_workers; RESET statement_timeout').catch(() => {});
    client.release();
  }
  return (performance.now() - started) / 1000;
}
