// Browser imports run in the server as jobs; the page polls their row for progress. Cancelling
// flips the row's status, which the job reads between batches, so any console instance can cancel.
import { z } from 'zod';
import { prisma, projectPool } from '@/lib/db/pools';
import { isConnectionError } from '@/lib/db/errors';
import { stopCause, stoppedMessage } from '@/lib/imports/stopped';
import type { Actor } from '@/lib/audit';
import { NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { memoryDimension } from '@/lib/memories/memories';
import { formatOf, parseImport, runImport, type ImportFormat, type ImportHooks, type ImportOutcome, type Rejection } from '@/lib/imports/memory-import';
import { importableCollection, prepareCollectionImport, runCollectionImport } from '@/lib/imports/collection-import';
import { namespaceField } from '@/lib/vector/validation';
import { blankAsMissing } from '@/lib/http/params';
import type { Collection } from '@/lib/collections/catalog';

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
// The page lists at most this many rejections; the count is always complete.
const REJECTIONS_KEPT = 1000;

// A form sends both target fields, the one not chosen empty.
const startInput = z.object({
  namespace: z.preprocess(blankAsMissing, namespaceField.optional()),
  collection: z.preprocess(blankAsMissing, z.string().max(300, 'at most 300 characters').optional()),
  skipBad: z.boolean().default(false),
  filename: z.string().min(1, 'must not be empty').max(300, 'at most 300 characters'),
  format: z.enum(['jsonl', 'csv'], { error: 'must be jsonl or csv' }).optional(),
});

export type ImportTarget = { kind: 'namespace'; namespace: string } | { kind: 'collection'; collection: Collection };

export interface ImportJobView {
  id: string;
  status: 'validating' | 'running' | 'done' | 'failed' | 'cancelled';
  targetKind: ImportTarget['kind'];
  target: string;
  filename: string;
  totalRows: number;
  processedRows: number;
  rejected: Rejection[];
  rejectedCount: number;
  message: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** Rows per second so far, and the seconds left at that rate. */
  rate: number | null;
  etaSeconds: number | null;
  /** While dropped vector indexes are built again after a large load: the build's phase and progress. */
  indexBuild: { phase: string; done: number; total: number } | null;
}

export async function startImportJob(actor: Actor, input: { text: string; bytes: number } & z.input<typeof startInput>): Promise<string> {
  const o = parseInput(startInput, input);
  if (input.bytes > MAX_IMPORT_BYTES) throw new ValidationError('file', `at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  if ((o.namespace === undefined) === (o.collection === undefined)) throw new ValidationError('namespace', 'give a namespace or a collection to import into (one of them)');
  const format: ImportFormat | null = o.format ?? formatOf(o.filename);
  if (!format) throw new ValidationError('file', 'must be .jsonl, .ndjson or .csv (or say which with format)');
  // Refuse an unknown collection now, not in the background job.
  const target: ImportTarget =
    o.collection !== undefined ? { kind: 'collection', collection: await importableCollection(o.collection, actor) } : { kind: 'namespace', namespace: o.namespace! };
  const job = await prisma().importJob.create({
    data: {
      createdBy: actor.id, targetKind: target.kind, target: target.kind === 'collection' ? target.collection.id : target.namespace,
      filename: o.filename, format, skipBad: o.skipBad, status: 'validating',
    },
  });
  void runJob(actor, job.id, input.text, format, target, o.skipBad);
  return job.id;
}

// The worker touches heartbeat_at this often; a job not touched for STALE_AFTER_MS has lost its worker.
export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 45_000;
const RETRY_MAX_MS = 5_000;

type JobData = Parameters<ReturnType<typeof prisma>['importJob']['update']>[0]['data'];

/**
 * Writes a job's state, retrying while the database does not answer, so a job that ended during an
 * outage is recorded as ended once it is back (instead of staying "running"). Other errors are logged.
 */
export async function recordJobState(id: string, data: JobData, opts: { retryMaxMs?: number } = {}): Promise<void> {
  for (let wait = 250; ; wait = Math.min(wait * 2, opts.retryMaxMs ?? RETRY_MAX_MS)) {
    try {
      await prisma().importJob.update({ where: { id }, data: { ...data, heartbeatAt: new Date() } });
      return;
    } catch (err) {
      if (!isConnectionError(err)) {
        console.error('[recall] could not record the import job state', err);
        return;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function runJob(actor: Actor, id: string, text: string, format: ImportFormat, target: ImportTarget, skipBad: boolean) {
  let committed = 0;
  let idempotent = target.kind === 'namespace'; // memories are upserted on (namespace, key)
  const beat = setInterval(() => {
    prisma().importJob.updateMany({ where: { id, status: { in: ['validating', 'running'] } }, data: { heartbeatAt: new Date() } }).catch(() => {});
  }, HEARTBEAT_MS);
  beat.unref?.();
  try {
    const hooks: ImportHooks = {
      onProgress: async (imported) => {
        committed = imported;
        await prisma().importJob.update({ where: { id }, data: { processedRows: imported, heartbeatAt: new Date() } });
      },
      shouldStop: async () => (await prisma().importJob.findUnique({ where: { id }, select: { status: true } }))?.status === 'cancelled',
      onIndexing: async (indexes) => {
        await recordJobState(id, { message: `${INDEXING} ${indexes.join(', ')} again; searches compare every row (exact, slower) until it is built.` });
      },
    };
    // Validated: start running unless the import was cancelled meanwhile.
    const running = async (parsed: { totalRows: number; rejected: Rejection[] }) => {
      const { count } = await prisma().importJob.updateMany({
        where: { id, status: 'validating' },
        data: { status: 'running', totalRows: parsed.totalRows, rejected: keep(parsed.rejected), rejectedCount: parsed.rejected.length, heartbeatAt: new Date() },
      });
      if (!count) await recordJobState(id, { message: 'Cancelled while validating; nothing was written.', finishedAt: new Date() });
      return count > 0;
    };
    let outcome: ImportOutcome;
    if (target.kind === 'namespace') {
      const parsed = parseImport(text, format, { namespace: target.namespace, dimension: await memoryDimension() });
      if (!(await running(parsed))) return;
      outcome = await runImport(actor, parsed, { namespace: target.namespace, skipBad }, hooks);
    } else {
      const parsed = await prepareCollectionImport(text, format, target.collection);
      idempotent = parsed.key !== null;
      if (!(await running(parsed))) return;
      outcome = await runCollectionImport(actor, parsed, { skipBad }, hooks);
    }
    await recordJobState(id, { status: outcome.status, processedRows: outcome.imported, message: outcome.message, finishedAt: new Date() });
  } catch (err) {
    console.error('[recall] import job failed', err);
    await recordJobState(id, { status: 'failed', processedRows: committed, message: stoppedMessage(stopCause(err), committed, idempotent), finishedAt: new Date() });
  } finally {
    clearInterval(beat);
  }
}

const INDEXING = 'Rows loaded; building vector index';

/** A CREATE INDEX running on memory_entries, from pg_stat_progress_create_index. */
async function indexBuildProgress() {
  const { rows } = await projectPool().query<{ phase: string; done: number; total: number }>(
    `SELECT phase, CASE WHEN blocks_total > 0 THEN blocks_done ELSE tuples_done END::float8 AS done,
            CASE WHEN blocks_total > 0 THEN blocks_total ELSE tuples_total END::float8 AS total
     FROM pg_stat_progress_create_index WHERE relid = 'public.memory_entries'::regclass LIMIT 1`);
  return rows[0] ?? null;
}

/**
 * Marks failed the jobs whose worker stopped touching them (its console stopped, or it lost the
 * database for longer than it kept trying): run by whoever reads jobs, so any instance cleans up.
 */
export async function failStaleImportJobs(staleAfterMs = STALE_AFTER_MS): Promise<number> {
  return projectPool().query(
    `UPDATE recall.import_jobs SET status = 'failed', finished_at = now(),
       message = 'The import stopped: its worker stopped responding (the console stopped or lost the database). At least '
         || processed_rows || ' row(s) were committed; '
         || CASE WHEN target_kind = 'namespace' THEN 're-run to finish: the import is idempotent.'
                 ELSE 're-run to finish: the import is idempotent when the file gives the table''s unique key (rows are upserted on it).' END
     WHERE status IN ('validating', 'running') AND heartbeat_at < now() - make_interval(secs => $1)`,
    [staleAfterMs / 1000],
  ).then((r) => r.rowCount ?? 0);
}

const keep = (r: Rejection[]) => r.slice(0, REJECTIONS_KEPT) as unknown as object[];

export async function getImportJob(id: unknown): Promise<ImportJobView> {
  const jobId = parseInput(z.object({ id: z.uuid({ error: 'must be an import id' }) }), { id }).id;
  await failStaleImportJobs();
  const j = await prisma().importJob.findUnique({ where: { id: jobId } });
  if (!j) throw new NotFoundError('No such import.');
  const rejected = j.rejected as unknown as Rejection[];
  const elapsed = ((j.finishedAt ?? new Date()).getTime() - j.startedAt.getTime()) / 1000;
  const rate = j.processedRows > 0 && elapsed > 0 ? j.processedRows / elapsed : null;
  const accepted = j.totalRows - j.rejectedCount;
  const running = j.status === 'running';
  return {
    id: j.id,
    status: j.status as ImportJobView['status'],
    targetKind: j.targetKind as ImportTarget['kind'],
    target: j.target,
    filename: j.filename,
    totalRows: j.totalRows,
    processedRows: j.processedRows,
    rejected,
    rejectedCount: j.rejectedCount,
    message: j.message,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    rate,
    etaSeconds: running && rate ? Math.max(0, (accepted - j.processedRows) / rate) : null,
    indexBuild: running && j.message?.startsWith(INDEXING) ? await indexBuildProgress() : null,
  };
}

/**
 * Cancels a job, filling every field at once (finishedAt, message): its worker, if alive, stops
 * between batches and writes the exact count; if it is gone, the row is complete as it is.
 */
export async function cancelImportJob(id: unknown) {
  const job = await getImportJob(id);
  if (job.status !== 'validating' && job.status !== 'running') return job;
  await prisma().importJob.updateMany({
    where: { id: job.id, status: { in: ['validating', 'running'] } },
    data: {
      status: 'cancelled', finishedAt: new Date(),
      message: job.status === 'validating'
        ? 'Cancelled while validating; nothing was written.'
        : `Cancelled after ${job.processedRows} row(s) were committed (whole batches only).`,
    },
  });
  return getImportJob(id);
}

export interface ImportJobSummary {
  id: string;
  status: ImportJobView['status'];
  targetKind: ImportTarget['kind'];
  target: string;
  filename: string;
  totalRows: number;
  processedRows: number;
  rejectedCount: number;
  startedAt: Date;
  finishedAt: Date | null;
  /** Who started it; null once that user is deleted. */
  by: string | null;
}

/** The latest browser imports, newest first, for the Import page's history. */
export async function listImportJobs(limit = 20): Promise<ImportJobSummary[]> {
  await failStaleImportJobs();
  const jobs = await prisma().importJob.findMany({
    orderBy: { startedAt: 'desc' },
    take: limit,
    select: {
      id: true, status: true, targetKind: true, target: true, filename: true, totalRows: true, processedRows: true, rejectedCount: true,
      startedAt: true, finishedAt: true, creator: { select: { email: true } },
    },
  });
  return jobs.map(({ creator, status, targetKind, ...j }) => ({
    ...j, status: status as ImportJobView['status'], targetKind: targetKind as ImportTarget['kind'], by: creator?.email ?? null,
  }));
}
