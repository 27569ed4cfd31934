// Import JSONL or CSV into any collection (a table with a vector column, found in the catalogue):
// each field of a row is a column of that table, as a collection export writes them.
//
// Nothing is written until every row has been checked twice: here (unknown or missing required
// columns, vector dimensions and finite numbers, a key repeated in the file), then the other values by
// Postgres's own input functions without writing (jsonb_populate_record), so a value the column's type
// refuses is reported with its line and column. Then batches, each one transaction, upserted on the first unique key the
// file gives (primary key first), so a re-run is idempotent; a file that gives no key is appended.
import { z } from 'zod';
import type pg from 'pg';
import pgvector from 'pgvector';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ValidationError } from '@/lib/errors';
import { cancelledAfter, importOptions, jsonCell, listCell, readRows, refusedBeforeWriting, type ImportFormat, type ImportHooks, type ImportOutcome, type Rejection } from '@/lib/imports/memory-import';
import { traced } from '@/lib/metrics/recorder';
import { assertMayWriteTable, getCollection, invalidateCollections, listCollections, qualified, quoteIdent, MEMORY_COLLECTION, type Collection, type TableColumn } from '@/lib/collections/catalog';
import { embeddingField } from '@/lib/vector/validation';
import { arrayLiteral, copyField, copyLines, copySupported } from '@/lib/imports/copy';

export interface ParsedCollectionImport {
  collection: Collection;
  /** The columns rows are upserted on, or null when the file gives no unique key (rows are appended). */
  key: string[] | null;
  /** Generated columns the file gave values for: the database computes them, so they are left out. */
  ignored: string[];
  entries: { line: number; row: Record<string, unknown> }[];
  rejected: Rejection[];
  totalRows: number;
}

const vectorDimension = (type: string): number | null | undefined => {
  if (type === 'vector') return null; // any length
  const m = /^vector\((\d+)\)$/.exec(type);
  return m ? Number(m[1]) : undefined;
};
const isJson = (type: string) => type === 'json' || type === 'jsonb';
/** A row must give it: NOT NULL with no default, and not computed by the database. */
const isRequired = (c: TableColumn) => c.notNull && !c.hasDefault && !c.generated;

/** CSV cells as the column types want them: JSON for vectors and json(b), lists for arrays, text otherwise. */
function fromCsv(columns: Map<string, TableColumn>) {
  return (record: Record<string, string>) => {
    const out: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(record)) {
      const type = columns.get(name)?.type ?? 'text';
      let v: unknown = raw;
      if (vectorDimension(type) !== undefined || isJson(type)) v = jsonCell(name, raw);
      else if (type.endsWith('[]')) v = raw.trim().startsWith('{') ? raw.trim() : listCell(name, raw);
      else if (raw === '') v = undefined; // an empty cell leaves the column to its default
      if (v !== undefined) out[name] = v;
    }
    return out;
  };
}

/** The upsert key: the first unique key (primary key first) any row of the file gives. */
function chooseKey(collection: Collection, rows: Record<string, unknown>[]): string[] | null {
  const given = new Set(rows.flatMap((r) => Object.keys(r)));
  const writable = new Set(collection.columns.filter((c) => !c.generated).map((c) => c.name));
  return collection.uniqueKeys.find((k) => k.every((c) => writable.has(c)) && k.some((c) => given.has(c))) ?? null;
}

const keyText = (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v));

export function parseCollectionImport(text: string, format: ImportFormat, collection: Collection): ParsedCollectionImport {
  const columns = new Map(collection.columns.map((c) => [c.name, c]));
  const vectorChecks = new Map(
    collection.columns.flatMap((c) => {
      const dim = vectorDimension(c.type);
      if (dim === undefined) return [];
      return [[c.name, embeddingField(dim)] as const];
    }),
  );
  const required = collection.columns.filter(isRequired).map((c) => c.name);
  const generated = new Set(collection.columns.filter((c) => c.generated).map((c) => c.name));
  const ignored = new Set<string>();
  const rejected: Rejection[] = [];
  const valid: { line: number; row: Record<string, unknown> }[] = [];
  const rows = readRows(text, format, fromCsv(columns));

  for (const { line, value, reason } of rows) {
    if (reason !== undefined) {
      rejected.push({ line, reason });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      rejected.push({ line, reason: `expected an object whose fields are columns of ${collection.table}` });
      continue;
    }
    const row = { ...(value as Record<string, unknown>) };
    // An export holds generated columns; re-importing it should just work.
    for (const name of Object.keys(row)) {
      if (generated.has(name)) {
        ignored.add(name);
        delete row[name];
      }
    }
    const problem = rowProblem(row, columns, required, vectorChecks, collection.table);
    if (problem) rejected.push({ line, reason: problem });
    else valid.push({ line, row });
  }

  const key = chooseKey(collection, valid.map((v) => v.row));
  const entries: ParsedCollectionImport['entries'] = [];
  const seen = new Map<string, number>();
  for (const v of valid) {
    if (key) {
      const missing = key.filter((c) => v.row[c] === undefined || v.row[c] === null);
      if (missing.length) {
        rejected.push({ line: v.line, reason: `${missing.join(', ')}: required, the import matches existing rows on (${key.join(', ')})` });
        continue;
      }
      const id = key.map((c) => keyText(v.row[c])).join('\u0000');
      if (seen.has(id)) {
        rejected.push({ line: v.line, reason: `${key.join(', ')}: ${key.map((c) => keyText(v.row[c])).join(', ')} already appears on line ${seen.get(id)}` });
        continue;
      }
      seen.set(id, v.line);
    }
    entries.push(v);
  }
  rejected.sort((a, b) => a.line - b.line);
  return { collection, key, ignored: [...ignored], entries, rejected, totalRows: rows.length };
}

function rowProblem(
  row: Record<string, unknown>,
  columns: Map<string, TableColumn>,
  required: string[],
  vectorChecks: Map<string, z.ZodType>,
  table: string,
): string | null {
  const unknown = Object.keys(row).filter((k) => !columns.has(k));
  if (unknown.length) return `unknown column(s): ${unknown.join(', ')} (${table} has ${[...columns.keys()].join(', ')})`;
  const missing = required.filter((c) => row[c] === undefined || row[c] === null);
  if (missing.length) return `${missing.join(', ')}: required (NOT NULL, no default)`;
  for (const [name, value] of Object.entries(row)) {
    if (value === null && columns.get(name)!.notNull) return `${name}: must not be null`;
    const check = vectorChecks.get(name);
    if (check && value !== null) {
      const r = check.safeParse(value);
      if (!r.success) return `${name}: ${r.error.issues[0]?.message ?? 'not a vector'}`;
    }
  }
  return null;
}

/** A row as jsonb_populate_record reads it: vectors in pgvector's text form. */
function forPostgres(row: Record<string, unknown>, vectorColumns: Set<string>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = vectorColumns.has(k) && Array.isArray(v) ? pgvector.toSql(v) : v;
  return out;
}

const vectorColumnsOf = (c: Collection) => new Set(c.columns.filter((col) => vectorDimension(col.type) !== undefined).map((col) => col.name));

const CHECK_BATCH = 1000;

/** A row without its vectors: those are checked in full here, and reading them is most of Postgres's work. */
function withoutVectors(row: Record<string, unknown>, vectorColumns: Set<string>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!vectorColumns.has(k)) out[k] = v;
  return out;
}

/**
 * Lets Postgres read every other value with the column's own type (lengths, numbers, dates, enums,
 * domains) without writing anything; rows it refuses move to `rejected` with the column and its reason.
 */
export async function checkValues(db: Queryable, parsed: ParsedCollectionImport): Promise<ParsedCollectionImport> {
  const type = `NULL::${qualified(parsed.collection)}`;
  const vectors = vectorColumnsOf(parsed.collection);
  const refused = new Map<number, string>();
  const tryRows = async (rows: Record<string, unknown>[], single: boolean) => {
    try {
      await db.query(single ? `SELECT jsonb_populate_record(${type}, $1::jsonb) IS NULL` : `SELECT count(*) FROM jsonb_populate_recordset(${type}, $1::jsonb)`, [
        JSON.stringify(single ? rows[0] : rows),
      ]);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  };
  for (let i = 0; i < parsed.entries.length; i += CHECK_BATCH) {
    const batch = parsed.entries.slice(i, i + CHECK_BATCH);
    if ((await tryRows(batch.map((e) => withoutVectors(e.row, vectors)), false)) === null) continue;
    for (const e of batch) {
      const row = withoutVectors(e.row, vectors);
      const whole = await tryRows([row], true);
      if (whole === null) continue;
      // Postgres's message does not say which column; trying them one at a time does.
      let reason: string | null = null;
      for (const [name, value] of Object.entries(row)) {
        const message = await tryRows([{ [name]: value }], true);
        if (message) {
          reason = `${name}: ${message}`;
          break;
        }
      }
      refused.set(e.line, reason ?? whole);
    }
  }
  if (!refused.size) return parsed;
  return {
    ...parsed,
    entries: parsed.entries.filter((e) => !refused.has(e.line)),
    rejected: [...parsed.rejected, ...[...refused].map(([line, reason]) => ({ line, reason }))].sort((a, b) => a.line - b.line),
  };
}

/** INSERT … SELECT from a source of rows that give the same columns, upserted on the key. */
function writeSql(c: Collection, columns: string[], key: string[] | null, source: string) {
  const cols = columns.map(quoteIdent).join(', ');
  const overriding = c.columns.some((col) => col.identityAlways && columns.includes(col.name)) ? ' OVERRIDING SYSTEM VALUE' : '';
  const insert = `INSERT INTO ${qualified(c)} (${cols})${overriding} SELECT ${cols} FROM ${source}`;
  if (!key) return insert;
  const updates = columns.filter((col) => !key.includes(col)).map((col) => `${quoteIdent(col)} = EXCLUDED.${quoteIdent(col)}`);
  return `${insert} ON CONFLICT (${key.map(quoteIdent).join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
}

/**
 * A value in COPY's text format for its column, read as jsonb_populate_record reads the JSON value
 * (so both paths store the same thing); undefined where that is not certain (nested arrays, objects
 * in a list column), and the group takes the jsonb path instead.
 */
function copyValue(value: unknown, column: TableColumn): string | undefined {
  if (value === null || value === undefined) return copyField(null);
  if (vectorDimension(column.type) !== undefined) return Array.isArray(value) ? copyField(pgvector.toSql(value as number[])) : undefined;
  if (isJson(column.type)) return copyField(JSON.stringify(value));
  if (column.type.endsWith('[]')) {
    if (typeof value === 'string') return copyField(value);
    if (!Array.isArray(value) || value.some((x) => x !== null && typeof x === 'object')) return undefined;
    if (value.some((x) => x === null)) return undefined; // arrayLiteral has no NULL element
    return copyField(arrayLiteral(value.map(String)));
  }
  if (typeof value === 'string') return copyField(value);
  if (typeof value === 'number' || typeof value === 'boolean') return copyField(String(value));
  return copyField(JSON.stringify(value)); // an object or array for a scalar column: its JSON text, as jsonb_populate_record gives it
}

/** The group's rows as COPY lines, or null when a value cannot be written that way. */
function copyRows(columns: TableColumn[], rows: Record<string, unknown>[]): string[] | null {
  const lines: string[] = [];
  for (const row of rows) {
    const fields: string[] = [];
    for (const c of columns) {
      const text = copyValue(row[c.name], c);
      if (text === undefined) return null;
      fields.push(text);
    }
    lines.push(fields.join('\t') + '\n');
  }
  return lines;
}

/** Writes a batch's rows; returns how many rows Postgres says it wrote. */
async function writeBatch(client: pg.PoolClient, parsed: ParsedCollectionImport, rows: Record<string, unknown>[], useCopy: boolean): Promise<number> {
  const order = new Map(parsed.collection.columns.map((c, i) => [c.name, i]));
  const byName = new Map(parsed.collection.columns.map((c) => [c.name, c]));
  const vectors = vectorColumnsOf(parsed.collection);
  const table = qualified(parsed.collection);
  // Rows that leave out different columns go in separate statements, so a left-out column keeps its default.
  const groups = new Map<string, { columns: string[]; rows: Record<string, unknown>[] }>();
  for (const row of rows) {
    const columns = Object.keys(row).sort((a, b) => order.get(a)! - order.get(b)!);
    const id = columns.join('\u0000');
    if (!groups.has(id)) groups.set(id, { columns, rows: [] });
    groups.get(id)!.rows.push(row);
  }
  let n = 0;
  let written = 0;
  for (const g of groups.values()) {
    const lines = useCopy ? copyRows(g.columns.map((c) => byName.get(c)!), g.rows) : null;
    if (!lines) {
      const result = await client.query(writeSql(parsed.collection, g.columns, parsed.key, `jsonb_populate_recordset(NULL::${table}, $1::jsonb)`),
        [JSON.stringify(g.rows.map((r) => forPostgres(r, vectors)))]);
      written += result.rowCount ?? 0;
      continue;
    }
    // A staging table of the group's columns with the target's types (no constraints, dropped at
    // commit), filled by COPY, then one upsert from it: the same statement shape as the jsonb path.
    const stage = `recall_collection_stage_${n++}`;
    const cols = g.columns.map(quoteIdent).join(', ');
    await client.query(`CREATE TEMP TABLE ${stage} ON COMMIT DROP AS SELECT ${cols} FROM ${table} WITH NO DATA`);
    await copyLines(client, `COPY ${stage} (${cols}) FROM STDIN`, lines);
    written += (await client.query(writeSql(parsed.collection, g.columns, parsed.key, stage))).rowCount ?? 0;
  }
  return written;
}

/**
 * Rows written with their own serial or identity values leave the column's sequence behind, and the
 * application's next insert would collide with them; move each such sequence past the largest value,
 * as pg_restore does.
 */
async function advanceSequences(db: Queryable, parsed: ParsedCollectionImport) {
  const given = new Set(parsed.entries.flatMap((e) => Object.keys(e.row)));
  const table = qualified(parsed.collection);
  for (const column of parsed.collection.columns.filter((c) => given.has(c.name) && c.hasDefault)) {
    const { rows } = await db.query<{ seq: string | null }>('SELECT pg_get_serial_sequence($1, $2) AS seq', [table, column.name]);
    const seq = rows[0]?.seq;
    if (!seq) continue;
    await db.query(
      `SELECT setval($1::regclass, m) FROM (SELECT max(${quoteIdent(column.name)})::bigint AS m FROM ${table}) x
       WHERE m IS NOT NULL AND m > coalesce(pg_sequence_last_value($1::regclass), 0)`,
      [seq],
    );
  }
}

/** After rows were written: sequences past the given ids, and fresh planner statistics (row estimates, plans). */
async function afterWriting(db: Queryable, parsed: ParsedCollectionImport) {
  await advanceSequences(db, parsed);
  await db.query(`ANALYZE ${qualified(parsed.collection)}`);
  invalidateCollections();
}

/**
 * Seed 004's migration check: with a key, every imported key is now in the table. Without one, the
 * rows Postgres reported inserting, batch by batch (not a count(*) before and after: that reads the
 * whole table twice, and another writer's rows in between would hide lost ones).
 */
async function countCheck(db: Queryable, parsed: ParsedCollectionImport, rowsWritten: number): Promise<string | null> {
  const table = qualified(parsed.collection);
  if (!parsed.key) {
    return rowsWritten >= parsed.entries.length ? null : `expected ${parsed.entries.length} rows inserted, Postgres inserted ${rowsWritten}`;
  }
  const using = parsed.key.map(quoteIdent).join(', ');
  let found = 0;
  for (let i = 0; i < parsed.entries.length; i += 5000) {
    const keys = parsed.entries.slice(i, i + 5000).map((e) => Object.fromEntries(parsed.key!.map((k) => [k, e.row[k]])));
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} JOIN (SELECT ${using} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)) x USING (${using})`,
      [JSON.stringify(keys)],
    );
    found += rows[0].n;
  }
  return found === parsed.entries.length ? null : `expected ${parsed.entries.length} rows, found ${found}`;
}

/** Reads the file and has Postgres check its values: everything known before anything is written. */
export async function prepareCollectionImport(text: string, format: ImportFormat, collection: Collection) {
  return checkValues(projectPool(), parseCollectionImport(text, format, collection));
}

/** Writes a prepared import. */
export const runCollectionImport = traced('collection.import', async function runCollectionImport(
  actor: Actor | null,
  prepared: ParsedCollectionImport,
  opts: { skipBad?: boolean; batchSize?: number },
  hooks: ImportHooks = {},
): Promise<ImportOutcome> {
  const o = importOptions.parse(opts);
  const pool = projectPool();
  const base = { totalRows: prepared.totalRows, rejected: prepared.rejected };
  const refused = refusedBeforeWriting(base, prepared.entries.length, o.skipBad);
  if (refused) return refused;

  // A real server loads through COPY; the embedded engine's socket server cannot (lib/imports/copy.ts).
  const useCopy = await copySupported(pool);
  const started = performance.now();
  const load = () => ({ method: useCopy ? 'copy' as const : 'insert' as const, loadSeconds: (performance.now() - started) / 1000, indexSeconds: 0, indexesRebuilt: [] });
  let imported = 0;
  let written = 0;
  for (let i = 0; i < prepared.entries.length; i += o.batchSize) {
    if (await hooks.shouldStop?.()) {
      if (imported) await afterWriting(pool, prepared);
      return { ...cancelledAfter(base, imported, prepared.entries.length), load: load() };
    }
    const batch = prepared.entries.slice(i, i + o.batchSize);
    try {
      written += await withTransaction(pool, (client) => writeBatch(client, prepared, batch.map((e) => e.row), useCopy));
    } catch (err) {
      // A constraint the values alone cannot show (a foreign key, a CHECK, another unique index).
      if (imported) await afterWriting(pool, prepared);
      const message = `The batch from line ${batch[0].line} to ${batch[batch.length - 1].line} was refused: ${(err as Error).message}. ${imported} row(s) before it were kept (whole batches).`;
      await recordAudit(pool, actor, 'collection.import', prepared.collection.id, { imported, rejected: prepared.rejected.length, error: (err as Error).message, method: load().method });
      return { ...base, status: 'failed', imported, message, load: load() };
    }
    imported += batch.length;
    await hooks.onProgress?.(imported, prepared.entries.length);
  }

  const loaded = load();
  await afterWriting(pool, prepared);
  const problem = await countCheck(pool, prepared, written);
  await recordAudit(pool, actor, 'collection.import', prepared.collection.id, {
    imported, rejected: prepared.rejected.length, key: prepared.key, count_check: problem ?? 'passed', method: loaded.method,
  });
  if (problem) return { ...base, status: 'failed', imported, load: loaded, message: `Count check failed: ${problem}.` };
  const how = prepared.key ? `upserted on (${prepared.key.join(', ')})` : 'appended (the file gives no unique key, so a re-run adds them again)';
  const skipped = prepared.rejected.length ? `; skipped ${prepared.rejected.length} bad row(s)` : '';
  const ignored = prepared.ignored.length ? `; ${prepared.ignored.join(', ')} computed by the database, the file's values ignored` : '';
  return {
    ...base,
    status: 'done',
    imported,
    load: loaded,
    message: `Imported ${imported} row(s), ${how}${skipped}${ignored}; count check passed.`,
  };
});

/**
 * The collection an import may write: any vector table but memory_entries, which imports by
 * namespace; tables managed with admin-only actions only for a signed-in admin.
 */
export async function importableCollection(id: string, actor: Actor | null): Promise<Collection> {
  if (id === MEMORY_COLLECTION) throw new ValidationError('collection', 'memory_entries is imported by namespace; choose a namespace instead');
  const collection = await getCollection(projectPool(), id, { counts: false });
  assertMayWriteTable(actor, collection.schema, collection.table);
  return collection;
}

export async function importCollectionText(actor: Actor | null, text: string, format: ImportFormat, opts: { collection: string; skipBad?: boolean; batchSize?: number }, hooks?: ImportHooks) {
  const collection = await importableCollection(opts.collection, actor);
  return runCollectionImport(actor, await prepareCollectionImport(text, format, collection), opts, hooks);
}

export interface ImportableCollection {
  id: string;
  table: string;
  /** The first unique key (primary key first): what a file that gives it is upserted on. */
  key: string[] | null;
  columns: { name: string; type: string; required: boolean; generated: boolean }[];
}

/** What the Import page offers: each collection with the columns a file's rows may hold. */
export async function importableCollections(): Promise<ImportableCollection[]> {
  const all = await listCollections(projectPool(), { counts: false });
  return all
    .filter((c) => c.id !== MEMORY_COLLECTION)
    .map((c) => ({
      id: c.id,
      table: c.table,
      key: c.uniqueKeys[0] ?? null,
      columns: c.columns.map((col) => ({ name: col.name, type: col.type, required: isRequired(col), generated: col.generated })),
    }));
}
