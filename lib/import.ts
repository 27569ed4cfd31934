// Import JSONL or CSV into a namespace: every row validated with seed 000's rules first (each
// rejection with its line number), then upserted in batches, one transaction each, so a re-run is
// idempotent and an interrupted import leaves only whole batches. Ends with a count check.
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { projectPool } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { fromZod } from '@/lib/errors';
import { memoryDimension, memoryInput, upsertMemoriesQuietly, type MemoryInput } from '@/lib/memories';
import { traced } from '@/lib/metrics/recorder';

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

/** CSV cells are text: embedding, metadata and tags may hold JSON; tags may also be a|b|c. */
function fromCsvCells(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(record)) {
    const v = raw?.trim() ?? '';
    if (k === 'embedding' || k === 'metadata') {
      if (v === '') continue;
      try {
        out[k] = JSON.parse(v);
      } catch {
        throw new Error(`${k}: not valid JSON`);
      }
    } else if (k === 'tags') {
      if (v === '') continue;
      if (v.startsWith('[')) {
        try {
          out.tags = JSON.parse(v);
        } catch {
          throw new Error('tags: not valid JSON');
        }
      } else {
        out.tags = v.split('|').map((t) => t.trim()).filter(Boolean);
      }
    } else {
      out[k] = raw;
    }
  }
  return out;
}

const KNOWN = new Set(['namespace', 'key', 'value', 'embedding', 'metadata', 'tags']);

export function parseImport(text: string, format: ImportFormat, target: { namespace?: string; dimension: number }): ParsedImport {
  const schema = memoryInput(target.dimension);
  const entries: ParsedImport['entries'] = [];
  const rejected: Rejection[] = [];
  let totalRows = 0;
  const seen = new Map<string, number>();

  const accept = (line: number, raw: unknown) => {
    totalRows++;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      rejected.push({ line, reason: 'expected an object with namespace, key, value' });
      return;
    }
    const obj = { ...(raw as Record<string, unknown>) };
    const unknown = Object.keys(obj).filter((k) => !KNOWN.has(k));
    if (unknown.length) {
      rejected.push({ line, reason: `unknown field(s): ${unknown.join(', ')}` });
      return;
    }
    if (target.namespace !== undefined) {
      if (obj.namespace !== undefined && obj.namespace !== '' && obj.namespace !== target.namespace) {
        rejected.push({ line, reason: `namespace: the row says "${String(obj.namespace)}" but the import targets "${target.namespace}"` });
        return;
      }
      obj.namespace = target.namespace;
    }
    const r = schema.safeParse(obj);
    if (!r.success) {
      rejected.push({ line, reason: fromZod(r.error).message });
      return;
    }
    const id = `${r.data.namespace}\u0000${r.data.key}`;
    if (seen.has(id)) {
      rejected.push({ line, reason: `key: "${r.data.key}" already appears on line ${seen.get(id)}` });
      return;
    }
    seen.set(id, line);
    entries.push({ line, entry: r.data });
  };

  if (format === 'jsonl') {
    text.split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        totalRows++;
        rejected.push({ line: i + 1, reason: 'not valid JSON' });
        return;
      }
      accept(i + 1, value);
    });
  } else {
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
      rejected.push({ line: e.lines ?? 1, reason: `CSV: ${e.message}` });
      return { entries: [], rejected, totalRows: totalRows + 1 };
    }
    for (const { record, info } of records) {
      const width = Object.keys(record).length;
      if (info.invalid_field_length || width !== header.length) {
        totalRows++;
        rejected.push({ line: info.lines, reason: `expected ${header.length} columns (${header.join(', ')})` });
        continue;
      }
      let cells: Record<string, unknown>;
      try {
        cells = fromCsvCells(record);
      } catch (err) {
        totalRows++;
        rejected.push({ line: info.lines, reason: (err as Error).message });
        continue;
      }
      accept(info.lines, cells);
    }
  }
  return { entries, rejected, totalRows };
}

export const importOptions = z.object({
  namespace: z.string().min(1, 'must not be empty').max(255, 'at most 255 characters').optional(),
  skipBad: z.boolean().default(false),
  batchSize: z.number().int().min(1).max(5000).default(500),
});

export interface ImportOutcome {
  status: 'done' | 'failed' | 'cancelled';
  totalRows: number;
  imported: number;
  rejected: Rejection[];
  message: string;
}

export interface ImportHooks {
  /** Called after each committed batch with the rows imported so far. */
  onProgress?: (imported: number, accepted: number) => Promise<void> | void;
  /** Checked before each batch; true stops the import after the last whole batch. */
  shouldStop?: () => Promise<boolean> | boolean;
}

export const runImport = traced('memory.import', async function runImport(actor: Actor | null, parsed: ParsedImport, opts: z.input<typeof importOptions>, hooks: ImportHooks = {}): Promise<ImportOutcome> {
  const o = importOptions.parse(opts);
  const base = { totalRows: parsed.totalRows, rejected: parsed.rejected };
  if (parsed.rejected.length && !o.skipBad) {
    return { ...base, status: 'failed', imported: 0, message: `${parsed.rejected.length} row(s) rejected; nothing was imported. Fix them, or import with "skip bad rows".` };
  }
  if (!parsed.entries.length) return { ...base, status: 'failed', imported: 0, message: 'The file has no rows to import.' };

  const pool = projectPool();
  let imported = 0;
  for (let i = 0; i < parsed.entries.length; i += o.batchSize) {
    if (await hooks.shouldStop?.()) {
      return { ...base, status: 'cancelled', imported, message: `Cancelled after ${imported} of ${parsed.entries.length} rows (whole batches only).` };
    }
    const batch = parsed.entries.slice(i, i + o.batchSize).map((e) => e.entry);
    await upsertMemoriesQuietly(pool, batch); // one statement: its own transaction
    imported += batch.length;
    await hooks.onProgress?.(imported, parsed.entries.length);
  }

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
  if (!ok) return { ...base, status: 'failed', imported, message: `Count check failed: expected ${parsed.entries.length} entries, found ${found}.` };
  return {
    ...base,
    status: 'done',
    imported,
    message: `Imported ${imported} row(s)${parsed.rejected.length ? `, skipped ${parsed.rejected.length} bad row(s)` : ''}; count check passed.`,
  };
});

export async function importText(actor: Actor | null, text: string, format: ImportFormat, opts: z.input<typeof importOptions>, hooks?: ImportHooks) {
  const dimension = await memoryDimension();
  const parsed = parseImport(text, format, { namespace: opts.namespace, dimension });
  return runImport(actor, parsed, opts, hooks);
}
