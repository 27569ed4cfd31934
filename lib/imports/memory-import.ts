// Import JSONL or CSV into a namespace: every row validated with seed 000's rules first (each
// rejection with its line number), then upserted in batches, one transaction each, so a re-run is
// idempotent and an interrupted import leaves only whole batches. Ends with a count check.
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { storableText } from '@/lib/vector/validation';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { fromZod } from '@/lib/errors';
import { memoryDimension, memoryInput, upsertMemoriesQuietly, type MemoryInput } from '@/lib/memories/memories';
import { traced } from '@/lib/metrics/recorder';
import { quoteIdent } from '@/lib/collections/catalog';
import { copySupported, copyUpsertMemories, rebuildIndexes, vectorIndexes } from './copy';
import { estimatedRows } from '@/lib/db/sql';

export type ImportFormat = 'jsonl' | 'csv';

export interface Rejection {
  line: number;
  reason: string;
}

export interface ParsedImport {
  entries: { line: number; entry: MemoryInput }[];
  rejected: Rejection[];
  totalRows: number;
}

export function formatOf(filename: string): ImportFormat | null {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

/** One row of a file: its line number and either the decoded object or why it could not be read. */
export type FileRow = { line: number; value: unknown; reason?: undefined } | { line: number; reason: string; value?: undefined };

/**
 * The rows of a JSONL or CSV file, each with its line number. CSV cells are text: `decodeCsv` turns a
 * record into the object a JSONL line would hold, throwing Error('field: why') for a cell it cannot read.
 */
export function readRows(text: string, format: ImportFormat, decodeCsv: (record: Record<string, string>) => Record<string, unknown>): FileRow[] {
  const rows: FileRow[] = [];
  if (format === 'jsonl') {
    text.split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        rows.push({ line: i + 1, value: JSON.parse(raw) });
      } catch {
        rows.push({ line: i + 1, reason: 'not valid JSON' });
      }
    });
    return rows;
  }
  let records: { record: Record<string, string>; info: { lines: number; invalid_field_length: number } }[];
  let header: string[] = [];
  try {
    records = parseCsv(text, {
      columns: (h: string[]) => (header = h.map((c) => c.trim())),
      skip_empty_lines: true,
      info: true,
      bom: true,
      relax_column_count: true,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return [{ line: e.lines ?? 1, reason: `CSV: ${e.message}` }];
  }
  for (const { record, info } of records) {
    const width = Object.keys(record).length;
    if (info.invalid_field_length || width !== header.length) {
      rows.push({ line: info.lines, reason: `expected ${header.length} columns (${header.join(', ')})` });
      continue;
    }
    try {
      rows.push({ line: info.lines, value: decodeCsv(record) });
    } catch (err) {
      rows.push({ line: info.lines, reason: (err as Error).message });
    }
  }
  return rows;
}

/** A CSV cell holding JSON: undefined when empty, Error('field: not valid JSON') when unreadable. */
export function jsonCell(field: string, raw: string | undefined): unknown {
  const v = raw?.trim() ?? '';
  if (v === '') return undefined;
  try {
    return JSON.parse(v);
  } catch {
    throw new Error(`${field}: not valid JSON`);
  }
}

/** A CSV list cell: a JSON array, or values separated by |. */
export function listCell(field: string, raw: string | undefined): unknown {
  const v = raw?.trim() ?? '';
  if (v === '') return undefined;
  if (v.startsWith('[')) return jsonCell(field, v);
  return v.split('|').map((t) => t.trim()).filter(Boolean);
}

/** Memory rows from CSV: embedding and metadata hold JSON; tags hold JSON or a|b|c. */
function memoryFromCsv(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(record)) {
    const v = k === 'embedding' || k === 'metadata' ? jsonCell(k, raw) : k === 'tags' ? listCell(k, raw) : raw;
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const KNOWN = new Set(['namespace', 'key', 'value', 'embedding', 'metadata', 'tags']);
// What a namespace export writes besides: the database keeps its own times, so a re-import ignores them.
const EXPORTED_TIMES = ['created_at', 'updated_at'];

export function parseImport(text: string, format: ImportFormat, target: { namespace?: string; dimension: number }): ParsedImport {
  const schema = memoryInput(target.dimension);
  const entries: ParsedImport['entries'] = [];
  const rejected: Rejection[] = [];
  const seen = new Map<string, number>();
  const rows = readRows(text, format, memoryFromCsv);

  for (const { line, value: raw, reason } of rows) {
    if (reason !== undefined) {
      rejected.push({ line, reason });
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      rejected.push({ line, reason: 'expected an object with namespace, key, value' });
      continue;
    }
    const obj = { ...(raw as Record<string, unknown>) };
    for (const k of EXPORTED_TIMES) delete obj[k];
    const unknown = Object.keys(obj).filter((k) => !KNOWN.has(k));
    if (unknown.length) {
      rejected.push({ line, reason: `unknown field(s): ${unknown.join(', ')}` });
      continue;
    }
    if (target.namespace !== undefined) {
      if (obj.namespace !== undefined && obj.namespace !== '' && obj.namespace !== target.namespace) {
        rejected.push({ line, reason: `namespace: the row says "${String(obj.namespace)}" but the import targets "${target.namespace}"` });
        continue;
      }
      obj.namespace = target.namespace;
    }
    const r = schema.safeParse(obj);
    if (!r.success) {
      rejected.push({ line, reason: fromZod(r.error).message });
      continue;
    }
    const id = `${r.data.namespace}\u0000${r.data.key}`;
    if (seen.has(id)) {
      rejected.push({ line, reason: `key: "${r.data.key}" already appears on line ${seen.get(id)}` });
      continue;
    }
    seen.set(id, line);
    entries.push({ line, entry: r.data });
  }
  return { entries, rejected, totalRows: rows.length };
}

export const importOptions = z.object({
  namespace: storableText('must be text').min(1, 'must not be empty').max(255, 'at most 255 characters').optional(),
  skipBad: z.boolean().default(false),
  batchSize: z.number().int().min(1).max(5000).default(500),
  /**
   * Drop the table's vector indexes, load, then build them again (CONCURRENTLY): pgvector's advice for
   * large loads, as inserting into an HNSW index costs a graph search per row. auto: when the file has
   * at least BUILD_AFTER_MIN rows and more than the table holds. Only where COPY is used (not embedded).
   */
  indexAfter: z.enum(['auto', 'always', 'never'], { error: 'must be auto, always or never' }).default('auto'),
});

// COPY batches: big enough that per-batch round trips vanish, small enough to cancel promptly.
export const COPY_BATCH = 5000;
export const BUILD_AFTER_MIN = 10_000;

export interface ImportOutcome {
  status: 'done' | 'failed' | 'cancelled';
  totalRows: number;
  imported: number;
  rejected: Rejection[];
  message: string;
  /** How the rows were written and how long each phase took (for the panel and bench:scale). */
  load?: { method: 'copy' | 'insert'; loadSeconds: number; indexSeconds: number; indexesRebuilt: string[] };
}

export interface ImportHooks {
  /** Called after each committed batch with the rows imported so far. */
  onProgress?: (imported: number, accepted: number) => Promise<void> | void;
  /** Checked before each batch; true stops the import after the last whole batch. */
  shouldStop?: () => Promise<boolean> | boolean;
  /** Called when the rows are in and dropped vector indexes are being built again. */
  onIndexing?: (indexes: string[]) => Promise<void> | void;
}

type ImportBase = Pick<ImportOutcome, 'totalRows' | 'rejected'>;

/** Why nothing may be written (rejected rows without "skip bad rows", or no rows at all), or null. Both import paths. */
export function refusedBeforeWriting(base: ImportBase, accepted: number, skipBad: boolean): ImportOutcome | null {
  if (base.rejected.length && !skipBad) {
    return { ...base, status: 'failed', imported: 0, message: `${base.rejected.length} row(s) rejected; nothing was imported. Fix them, or import with "skip bad rows".` };
  }
  if (!accepted) return { ...base, status: 'failed', imported: 0, message: 'The file has no rows to import.' };
  return null;
}

/** The outcome when shouldStop ends an import between batches. */
export const cancelledAfter = (base: ImportBase, imported: number, accepted: number): ImportOutcome => ({
  ...base, status: 'cancelled', imported, message: `Cancelled after ${imported} of ${accepted} rows (whole batches only).`,
});

/** Whether a load should drop the vector indexes and build them afterwards. */
async function buildAfter(db: Queryable, mode: 'auto' | 'always' | 'never', rows: number): Promise<boolean> {
  if (mode !== 'auto') return mode === 'always';
  if (rows < BUILD_AFTER_MIN) return false;
  return rows > (await estimatedRows(db, 'public.memory_entries'));
}

/** Fresh planner statistics after a load, so row estimates and plans see the new rows at once. */
export async function analyzeMemories(db: Queryable) {
  await db.query('ANALYZE memory_entries');
}

export const runImport = traced('memory.import', async function runImport(actor: Actor | null, parsed: ParsedImport, opts: z.input<typeof importOptions>, hooks: ImportHooks = {}): Promise<ImportOutcome> {
  const o = importOptions.parse(opts);
  const base = { totalRows: parsed.totalRows, rejected: parsed.rejected };
  const refused = refusedBeforeWriting(base, parsed.entries.length, o.skipBad);
  if (refused) return refused;

  const pool = projectPool();
  const bulk = await copySupported(pool);
  const batchSize = bulk && opts.batchSize === undefined ? COPY_BATCH : o.batchSize;
  const dropped = bulk && (await buildAfter(pool, o.indexAfter, parsed.entries.length)) ? await vectorIndexes(pool, 'public.memory_entries') : [];
  const started = performance.now();
  let imported = 0;
  let loadSeconds = 0;
  let indexSeconds = 0;
  // Optimistic until a batch meets a key already in the table; then every later batch looks first.
  let checkFirst = false;
  try {
    for (const index of dropped) await pool.query(`DROP INDEX ${quoteIdent(index.schema)}.${quoteIdent(index.name)}`);
    for (let i = 0; i < parsed.entries.length; i += batchSize) {
      if (await hooks.shouldStop?.()) return cancelledAfter(base, imported, parsed.entries.length);
      const batch = parsed.entries.slice(i, i + batchSize).map((e) => e.entry);
      if (bulk) {
        const copied = await withTransaction(pool, (client) => copyUpsertMemories(client, batch, checkFirst));
        checkFirst ||= !copied.direct;
      }
      else await upsertMemoriesQuietly(pool, batch); // one statement: its own transaction
      imported += batch.length;
      await hooks.onProgress?.(imported, parsed.entries.length);
    }
  } finally {
    loadSeconds = (performance.now() - started) / 1000;
    // Whatever happened to the load, the indexes come back; the statistics see the new rows.
    if (imported) await analyzeMemories(pool);
    if (dropped.length) {
      await hooks.onIndexing?.(dropped.map((d) => d.name));
      indexSeconds = await rebuildIndexes(pool, dropped);
    }
  }
  const load = { method: bulk ? 'copy' as const : 'insert' as const, loadSeconds, indexSeconds, indexesRebuilt: dropped.map((d) => d.name) };

  // Seed 004's migration check: every imported key must now be in the table.
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM memory_entries m
     JOIN unnest($1::text[], $2::text[]) AS x(ns, k) ON m.namespace = x.ns AND m.key = x.k`,
    [parsed.entries.map((e) => e.entry.namespace), parsed.entries.map((e) => e.entry.key)],
  );
  const found = rows[0].n;
  const ok = found === parsed.entries.length;
  await recordAudit(pool, actor, 'memory.import', o.namespace ?? 'memory_entries', {
    imported, rejected: parsed.rejected.length, count_check: ok ? 'passed' : `expected ${parsed.entries.length}, found ${found}`,
  });
  if (!ok) return { ...base, status: 'failed', imported, load, message: `Count check failed: expected ${parsed.entries.length} entries, found ${found}.` };
  const rebuilt = dropped.length ? `; vector index ${dropped.map((d) => d.name).join(', ')} built after loading (${indexSeconds.toFixed(1)} s)` : '';
  return {
    ...base,
    status: 'done',
    imported,
    load,
    message: `Imported ${imported} row(s)${parsed.rejected.length ? `, skipped ${parsed.rejected.length} bad row(s)` : ''}${rebuilt}; count check passed.`,
  };
});

export async function importText(actor: Actor | null, text: string, format: ImportFormat, opts: z.input<typeof importOptions>, hooks?: ImportHooks) {
  const dimension = await memoryDimension();
  const parsed = parseImport(text, format, { namespace: opts.namespace, dimension });
  return runImport(actor, parsed, opts, hooks);
}
