// Collections: every table column of type `vector`, found in the catalogue (never hard-coded), with
// its dimension, row count and vector indexes. Identifiers used in SQL come only from here.
import type { Queryable } from '@/lib/db/pools';
import type { Actor } from '@/lib/audit';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';
import { EXACT_COUNT_LIMIT } from '@/lib/db/sql';

export type Distance = 'cosine' | 'l2' | 'ip';

export interface VectorIndex {
  name: string;
  method: string; // hnsw | ivfflat
  distance: Distance | null;
  options: Record<string, string>; // m, ef_construction, lists
  bytes: number;
  definition: string;
}

export interface Collection {
  /** "schema.table.column" — the id used in URLs. */
  id: string;
  schema: string;
  table: string;
  column: string;
  dimension: number;
  rows: number;
  rowsEstimated: boolean;
  /** Primary-key column used to identify rows, or null (rows are then identified by ctid). */
  keyColumn: string | null;
  /** Every column, in table order. */
  columns: TableColumn[];
  /** Column sets with a unique, non-partial index (the primary key first): what an import can upsert on. */
  uniqueKeys: string[][];
  indexes: VectorIndex[];
}

export interface TableColumn {
  name: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  /** GENERATED ALWAYS AS (expression): the database computes it, nobody writes it. */
  generated: boolean;
  /** GENERATED ALWAYS AS IDENTITY: written only with OVERRIDING SYSTEM VALUE (an import restoring ids). */
  identityAlways: boolean;
}

/** The console's own tables (users, tokens, audit, …): never a collection, whatever columns they get. */
export const CONSOLE_SCHEMA = 'recall';

/**
 * Tables the console manages with admin-only actions (seed 002's templates, generations and feedback,
 * seed 003's swarm tables) and its own schema: the generic paths (import, create collection, build
 * index) write them only for a signed-in admin, so a write token cannot do admin work through them.
 */
const ADMIN_ONLY_TABLES = new Set([
  'public.templates', 'public.generations', 'public.feedback',
  'public.agents', 'public.tasks', 'public.events', 'public.messages', 'public.metrics',
]);

export function isAdminOnlyTable(schema: string, table: string): boolean {
  return schema === CONSOLE_SCHEMA || ADMIN_ONLY_TABLES.has(`${schema}.${table}`);
}

/**
 * Refuses a write to an admin-only table by an API token or a non-admin. An actor without a token
 * and without a role is the console itself (command-line scripts), which may.
 */
export function assertMayWriteTable(actor: Actor | null, schema: string, table: string) {
  if (!isAdminOnlyTable(schema, table) || !actor) return;
  if (actor.token) {
    throw new ForbiddenError(`${schema}.${table} is managed with admin-only actions: writing it needs a signed-in admin; an API token cannot (tokens never have the admin role).`);
  }
  if (actor.role !== undefined && actor.role !== 'admin') {
    throw new ForbiddenError(`${schema}.${table} is managed with admin-only actions: writing it needs the admin role; you are signed in as ${actor.role}.`);
  }
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const qualified = (c: Pick<Collection, 'schema' | 'table'>) => `${quoteIdent(c.schema)}.${quoteIdent(c.table)}`;

const OPCLASS_DISTANCE: Record<string, Distance> = {
  vector_cosine_ops: 'cosine',
  vector_l2_ops: 'l2',
  vector_ip_ops: 'ip',
};


export const listCollections = traced('collections.list', async function listCollections(db: Queryable, opts: { counts?: boolean } = {}): Promise<Collection[]> {
  const vectorType = await db.query<{ oid: number | null }>("SELECT to_regtype('vector')::oid AS oid");
  if (!vectorType.rows[0]?.oid) return [];
  const { rows } = await db.query(`
    SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, a.atttypmod AS dimension,
           GREATEST(c.reltuples, 0)::bigint AS estimate, c.oid AS relid,
           (SELECT ka.attname FROM pg_index i JOIN pg_attribute ka ON ka.attrelid = i.indrelid AND ka.attnum = i.indkey[0]
             WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1) AS key_column,
           (SELECT json_agg(json_build_object('name', ca.attname, 'type', format_type(ca.atttypid, ca.atttypmod),
                'notNull', ca.attnotnull, 'hasDefault', ca.atthasdef OR ca.attidentity <> '',
                'generated', ca.attgenerated <> '', 'identityAlways', ca.attidentity = 'a') ORDER BY ca.attnum)
              FROM pg_attribute ca WHERE ca.attrelid = c.oid AND ca.attnum > 0 AND NOT ca.attisdropped) AS columns,
           (SELECT coalesce(json_agg(k.cols ORDER BY k.primary DESC, k.name), '[]') FROM (
              SELECT ui.indisprimary AS primary, uc.relname AS name,
                     (SELECT json_agg(ka.attname ORDER BY x.ord) FROM unnest((ui.indkey::int2[])[0:ui.indnkeyatts - 1]) WITH ORDINALITY AS x(attnum, ord)
                        JOIN pg_attribute ka ON ka.attrelid = c.oid AND ka.attnum = x.attnum) AS cols
                FROM pg_index ui JOIN pg_class uc ON uc.oid = ui.indexrelid
               WHERE ui.indrelid = c.oid AND ui.indisunique AND ui.indpred IS NULL AND ui.indexprs IS NULL) k) AS unique_keys,
           (SELECT coalesce(json_agg(json_build_object(
                'name', ic.relname, 'method', am.amname, 'opclass', opc.opcname,
                'options', coalesce(ic.reloptions, '{}'), 'bytes', pg_relation_size(ic.oid),
                'definition', pg_get_indexdef(ic.oid)) ORDER BY ic.relname), '[]')
              FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
              JOIN pg_opclass opc ON opc.oid = i.indclass[0]
             WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum AND am.amname IN ('hnsw', 'ivfflat')) AS indexes
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE a.atttypid = to_regtype('vector') AND NOT a.attisdropped AND a.attnum > 0 AND c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', '${CONSOLE_SCHEMA}')
    ORDER BY n.nspname <> 'public', n.nspname, c.relname, a.attname`);
  const out: Collection[] = [];
  for (const r of rows) {
    const { count, estimated } =
      opts.counts === false ? { count: Number(r.estimate), estimated: true } : await countRows(db, r.schema, r.table, Number(r.estimate));
    out.push({
      id: `${r.schema}.${r.table}.${r.column}`,
      schema: r.schema,
      table: r.table,
      column: r.column,
      dimension: r.dimension,
      rows: count,
      rowsEstimated: estimated,
      keyColumn: r.key_column,
      columns: r.columns,
      uniqueKeys: r.unique_keys,
      indexes: (r.indexes as { name: string; method: string; opclass: string; options: string[]; bytes: number; definition: string }[]).map((i) => ({
        name: i.name,
        method: i.method,
        distance: OPCLASS_DISTANCE[i.opclass] ?? null,
        options: Object.fromEntries(i.options.map((o) => o.split('=') as [string, string])),
        bytes: Number(i.bytes),
        definition: i.definition,
      })),
    });
  }
  return out;
});

async function countRows(db: Queryable, schema: string, table: string, estimate: number) {
  if (estimate > EXACT_COUNT_LIMIT) return { count: estimate, estimated: true };
  const exact = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(schema)}.${quoteIdent(table)}`);
  return { count: Number(exact.rows[0].n), estimated: false };
}

// Searches look their collection up on every call; the catalogue changes rarely, so keep it briefly.
// Changes made through this console clear it at once; other instances see them within the TTL.
const CACHE_TTL_MS = 10_000;
// On globalThis, so a change made in a server action clears the cache route handlers read too.
const cache = globalThis as unknown as { __recallCollections?: { at: number; collections: Collection[] } | null };

export function invalidateCollections() {
  cache.__recallCollections = null;
}

/** Finds a collection by its id; the id is compared with catalogue entries, never put into SQL. */
export async function getCollection(db: Queryable, id: string, opts: { counts?: boolean } = {}): Promise<Collection> {
  let cached = cache.__recallCollections;
  if (!cached || Date.now() - cached.at > CACHE_TTL_MS) {
    cached = cache.__recallCollections = { at: Date.now(), collections: await listCollections(db, { counts: false }) };
  }
  const found = cached.collections.find((c) => c.id === id);
  if (!found) throw new NotFoundError(`collection: no vector column "${id}" in this database`);
  if (opts.counts === false) return found;
  const { count, estimated } = await countRows(db, found.schema, found.table, found.rows);
  return { ...found, rows: count, rowsEstimated: estimated };
}

export const hasColumn = (c: Collection, name: string, typePrefix?: string) =>
  c.columns.some((col) => col.name === name && (!typePrefix || col.type.startsWith(typePrefix)));

/** The column holding the text a row's vector was made from, by the usual names; null when there is none. */
export const textColumnOf = (c: Collection) =>
  ['value', 'content', 'text', 'document', 'title', 'name'].find((n) => hasColumn(c, n, 'text') || hasColumn(c, n, 'character')) ?? null;

export const MEMORY_COLLECTION = 'public.memory_entries.embedding';
