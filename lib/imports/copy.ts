// Bulk loading at Postgres speed: COPY … FROM STDIN (binary for memories, copy-binary.ts; text
// elsewhere) into a staging table, then one
// upsert from the staging table into the target, inside the caller's transaction. The embedded
// engine's socket server does not speak the COPY sub-protocol (the connection loses sync), so
// imports there keep their multi-row INSERT path.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Queryable } from '@/lib/db/pools';
import type { MemoryInput } from '@/lib/memories/memories';
import { binaryCopyChunks, type BinaryField } from './copy-binary';

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
  SELECT namespace, key, value, embedding, metadata, tags FROM recall_memory_stage
  ON CONFLICT (namespace, key) DO UPDATE
  SET value = EXCLUDED.value, embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata,
      tags = EXCLUDED.tags, updated_at = NOW()`;

/** Streams COPY's binary format (binaryCopyChunks) into `COPY … FROM STDIN WITH (FORMAT binary)` on the client. */
export async function copyBinary(client: pg.PoolClient, sql: string, chunks: Iterable<Buffer>) {
  await pipeline(Readable.from(chunks), client.query(copyFrom(sql)));
}

// A memory's columns in binary (a vector as float4s, not decimal text to parse), with the table's
// defaults for metadata and tags sent as values: the same row for the table and the staging table.
const memoryFields = (e: MemoryInput): BinaryField[] => [
  { text: e.namespace },
  { text: e.key },
  { text: e.value },
  e.embedding ? { vector: e.embedding } : null,
  { jsonb: JSON.stringify(e.metadata ?? {}) },
  { textArray: e.tags ?? [] },
];

/**
 * COPY entries straight into memory_entries, inside a savepoint: true when they are in, false (and
 * nothing written) when one of their keys exists already. The client must be inside a transaction.
 */
export async function copyNewMemories(client: pg.PoolClient, entries: MemoryInput[]): Promise<boolean> {
  await client.query('SAVEPOINT recall_direct_copy');
  try {
    await copyBinary(client, 'COPY memory_entries (namespace, key, value, embedding, metadata, tags) FROM STDIN WITH (FORMAT binary)',
      binaryCopyChunks(entries.map(memoryFields)));
    await client.query('RELEASE SAVEPOINT recall_direct_copy');
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await client.query('ROLLBACK TO SAVEPOINT recall_direct_copy');
    return false;
  }
}

const ANY_KEY_TAKEN = `SELECT EXISTS (SELECT 1 FROM memory_entries m JOIN unnest($1::text[], $2::text[]) AS x(ns, k)
  ON m.namespace = x.ns AND m.key = x.k) AS taken`;

/**
 * Upserts validated entries; the client must be inside a transaction. When none of their keys exists
 * yet (a fresh load) they are copied straight in, at raw COPY speed; otherwise, or when a key appears
 * meanwhile, through the staging table and one upsert (the INSERT path's semantics). With `checkFirst`
 * the keys are looked up before copying (worth it once an import has met a taken key); without, a
 * taken key stops the direct COPY at its row and the batch goes the staging way. The lookup costs ~9 %
 * of a fresh load (0.43 s per 100k rows on native). `direct` says which way the batch went.
 */
export async function copyUpsertMemories(client: pg.PoolClient, entries: MemoryInput[], checkFirst = true): Promise<{ rows: number; direct: boolean }> {
  // The namespace counts' triggers see the batch as a transition table of whole rows (5,000 × ~1.6 KB
  // with the vectors); at the default 4 MB of work_mem it spills to a temporary file. For this
  // transaction only: ~6–10 % of a fresh load on native, measured interleaved.
  await client.query("SET LOCAL work_mem = '32MB'");
  const taken = checkFirst && (await client.query<{ taken: boolean }>(ANY_KEY_TAKEN, [entries.map((e) => e.namespace), entries.map((e) => e.key)])).rows[0].taken;
  if (!taken && (await copyNewMemories(client, entries))) return { rows: entries.length, direct: true };
  await client.query(STAGE);
  await copyBinary(client, 'COPY recall_memory_stage (namespace, key, value, embedding, metadata, tags) FROM STDIN WITH (FORMAT binary)',
    binaryCopyChunks(entries.map(memoryFields)));
  const { rowCount } = await client.query(UPSERT_FROM_STAGE);
  return { rows: rowCount ?? 0, direct: false };
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
