// Streamed exports: a namespace (re-importable: namespace, key, value, embedding, metadata, tags),
// any collection, or a search result, as JSONL or CSV, read in keyset pages so memory stays flat.
import { stringify } from 'csv-stringify/sync';
import pgvector from 'pgvector';
import { z } from 'zod';
import { blankAsMissing, queryFlag } from '@/lib/http/params';
import { parseInput } from '@/lib/errors';
import { getCollection, qualified, quoteIdent } from '@/lib/collections/catalog';
import { namespaceField, wholeNumberBetween } from '@/lib/vector/validation';
import { readDb } from '@/lib/db/replicas';

export const exportOptions = z.object({
  format: z.enum(['jsonl', 'csv'], { error: 'must be jsonl or csv' }).default('jsonl'),
  vectors: z.preprocess(queryFlag, z.boolean({ error: 'must be true or false' }).default(false)),
  /** The first rows only: a preview of a file's shape without downloading the whole table. */
  limit: z.preprocess(blankAsMissing, wholeNumberBetween(1, 1_000_000_000).optional()),
});

const PAGE = 1000;

/**
 * Keyset pages in key order, at most `limit` rows in all: `read(after, size)` returns up to `size` rows
 * after the key `after` (`first` to start), and `keyOf` gives a row's key.
 */
async function* keysetPages<R>(first: unknown, limit: number | undefined, read: (after: unknown, size: number) => Promise<R[]>, keyOf: (row: R) => unknown) {
  let after = first;
  let left = limit ?? Infinity;
  while (left > 0) {
    const size = Math.min(PAGE, left);
    const rows = await read(after, size);
    if (!rows.length) return;
    after = keyOf(rows[rows.length - 1]);
    left -= rows.length;
    yield rows;
    if (rows.length < size) return;
  }
}

function encoder(format: 'jsonl' | 'csv', columns: string[]) {
  let first = true;
  return (row: Record<string, unknown>): string => {
    if (format === 'jsonl') return JSON.stringify(row) + '\n';
    const cells = columns.map((c) => {
      const v = row[c];
      if (v === null || v === undefined) return '';
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    const out = stringify([cells], { header: first, columns });
    first = false;
    return out;
  };
}

function stream(pages: () => AsyncGenerator<Record<string, unknown>[]>, encode: (row: Record<string, unknown>) => string): ReadableStream<Uint8Array> {
  const text = new TextEncoder();
  const it = pages();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) return controller.close();
      controller.enqueue(text.encode(value.map(encode).join('')));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}

export function exportNamespace(rawNamespace: unknown, rawOptions: unknown) {
  const { namespace, format, vectors, limit } = parseInput(exportOptions.extend({ namespace: namespaceField }), {
    ...(rawOptions as object), namespace: rawNamespace,
  });
  const columns = ['namespace', 'key', 'value', ...(vectors ? ['embedding'] : []), 'metadata', 'tags', 'created_at', 'updated_at'];
  const db = readDb(); // read-only: a replica when one is in rotation
  const read = async (after: unknown, size: number) =>
    (await db.query(
      `SELECT id, namespace, key, value, ${vectors ? 'embedding::text AS embedding,' : ''} coalesce(metadata, '{}') AS metadata,
              coalesce(tags, '{}') AS tags, created_at, updated_at
       FROM memory_entries WHERE namespace = $1 AND id > $2 ORDER BY id LIMIT ${size}`,
      [namespace, after],
    )).rows;
  async function* pages() {
    for await (const rows of keysetPages(0, limit, read, (r) => r.id)) {
      yield rows.map(({ id: _id, embedding, ...r }) => (vectors ? { ...r, embedding: embedding ? pgvector.fromSql(embedding) : null } : r));
    }
  }
  return { body: stream(pages, encoder(format, columns)), filename: `${namespace}.${format}`, format };
}

export async function exportCollection(id: string, rawOptions: unknown) {
  const { format, vectors, limit } = parseInput(exportOptions, rawOptions);
  const db = readDb();
  const collection = await getCollection(db, id, { counts: false });
  const columns = collection.columns.map((c) => c.name).filter((c) => vectors || c !== collection.column);
  const table = qualified(collection);
  const vectorCol = quoteIdent(collection.column);
  // Keyset paging on the primary key where there is one; otherwise on ctid, which is stable while we read.
  const key = collection.keyColumn ? quoteIdent(collection.keyColumn) : 'ctid';
  const read = async (after: unknown, size: number) =>
    (await db.query(
      `SELECT ${key} AS __key, to_jsonb(t) - $1 AS row, ${vectors ? `${vectorCol}::text` : 'NULL'} AS __vector
       FROM ${table} t ${after === null ? 'WHERE $2::text IS NULL' : `WHERE ${key} > $2${collection.keyColumn ? "" : "::tid"}`} ORDER BY ${key} LIMIT ${size}`,
      [collection.column, after],
    )).rows;
  async function* pages() {
    for await (const rows of keysetPages(null, limit, read, (r) => r.__key)) {
      yield rows.map((r) => (vectors ? { ...r.row, [collection.column]: r.__vector ? pgvector.fromSql(r.__vector) : null } : r.row));
    }
  }
  return { body: stream(pages, encoder(format, columns)), filename: `${collection.table}.${format}`, format };
}

/** A finished search, as rows (the hits are already in memory: at most 1000). */
export function exportRows(rows: Record<string, unknown>[], format: 'jsonl' | 'csv', filename: string) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  async function* pages() {
    yield rows;
  }
  return { body: stream(pages, encoder(format, columns)), filename: `${filename}.${format}`, format };
}

export function downloadResponse(e: { body: ReadableStream<Uint8Array>; filename: string; format: 'jsonl' | 'csv' }) {
  return new Response(e.body, {
    headers: {
      'content-type': e.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${e.filename.replace(/[^\w.-]+/g, '_')}"`,
    },
  });
}
