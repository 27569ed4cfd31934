// Browser imports run in the server as jobs; the page polls their row for progress. Cancelling
// flips the row's status, which the job reads between batches, so any console instance can cancel.
import { z } from 'zod';
import { prisma } from '@/lib/db/pools';
import type { Actor } from '@/lib/audit';
import { NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { memoryDimension } from '@/lib/memories/memories';
import { formatOf, parseImport, runImport, type ImportFormat, type ImportHooks, type ImportOutcome, type Rejection } from '@/lib/imports/memory-import';
import { importableCollection, prepareCollectionImport, runCollectionImport } from '@/lib/imports/collection-import';
import { namespaceField, storableText } from '@/lib/vector/validation';
import { blankAsMissing } from '@/lib/http/params';
import { PayloadTooLargeError } from '@/lib/http/body';
import type { Collection } from '@/lib/collections/catalog';

/** The largest import file (RECALL_MAX_IMPORT_BYTES, default 200 MB); a larger upload is refused while it is read. */
export const MAX_IMPORT_BYTES = (() => {
  const n = Number(process.env.RECALL_MAX_IMPORT_BYTES);
  return Number.isSafeInteger(n) && n > 0 ? n : 200 * 1024 * 1024;
})();
// The page lists at most this many rejections; the count is always complete.
const REJECTIONS_KEPT = 1000;

// A form sends both target fields, the one not chosen empty.
const startInput = z.object({
  namespace: z.preprocess(blankAsMissing, namespaceField.optional()),
  collection: z.preprocess(blankAsMissing, storableText('must be text').max(300, 'at most 300 characters').optional()),
  skipBad: z.boolean().default(false),
  filename: storableText('must be text').min(1, 'must not be empty').max(300, 'at most 300 characters'),
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
}

export async function startImportJob(actor: Actor, input: { text: string; bytes: number } & z.input<typeof startInput>): Promise<string> {
  const o = parseInput(startInput, input);
  if (input.bytes > MAX_IMPORT_BYTES) throw new PayloadTooLargeError('file', MAX_IMPORT_BYTES);
  if ((o.namespace === undefined) === (o.collection === undefined)) throw new ValidationError('namespace', 'give a namespace or a collection to import into (one of them)');
  const format: ImportFormat | null = o.format ?? formatOf(o.filename);
  if (!format) throw new ValidationError('file', 'must be .jsonl, .ndjson or .csv (or say which with format)');
  // Refuse an unknown collection now, not in the background job.
  const target: ImportTarget =
    o.collection !== undefined ? { kind: 'collection', collection: await importableCollection(o.collection) } : { kind: 'namespace', namespace: o.namespace! };
  const job = await prisma().importJob.create({
    data: {
      createdBy: actor.id, targetKind: target.kind, target: target.kind === 'collection' ? target.collection.id : target.namespace,
      filename: o.filename, format, skipBad: o.skipBad, status: 'validating',
    },
  });
  void runJob(actor, job.id, input.text, format, target, o.skipBad);
  return job.id;
}

async function runJob(actor: Actor, id: string, text: string, format: ImportFormat, target: ImportTarget, skipBad: boolean) {
  const update = (data: Parameters<ReturnType<typeof prisma>['importJob']['update']>[0]['data']) =>
    prisma().importJob.update({ where: { id }, data });
  try {
    const hooks: ImportHooks = {
      onProgress: async (imported) => {
        await update({ processedRows: imported });
      },
      shouldStop: async () => (await prisma().importJob.findUnique({ where: { id }, select: { status: true } }))?.status === 'cancelled',
    };
    // Validated: start running unless the import was cancelled meanwhile.
    const running = async (parsed: { totalRows: number; rejected: Rejection[] }) => {
      const { count } = await prisma().importJob.updateMany({
        where: { id, status: 'validating' },
        data: { status: 'running', totalRows: parsed.totalRows, rejected: keep(parsed.rejected), rejectedCount: parsed.rejected.length },
      });
      if (!count) await update({ message: 'Cancelled while validating; nothing was written.', finishedAt: new Date() });
      return count > 0;
    };
    let outcome: ImportOutcome;
    if (target.kind === 'namespace') {
      const parsed = parseImport(text, format, { namespace: target.namespace, dimension: await memoryDimension() });
      if (!(await running(parsed))) return;
      outcome = await runImport(actor, parsed, { namespace: target.namespace, skipBad }, hooks);
    } else {
      const parsed = await prepareCollectionImport(text, format, target.collection);
      if (!(await running(parsed))) return;
      outcome = await runCollectionImport(actor, parsed, { skipBad }, hooks);
    }
    await update({ status: outcome.status, processedRows: outcome.imported, message: outcome.message, finishedAt: new Date() });
  } catch (err) {
    console.error('[recall] import job failed', err);
    await update({ status: 'failed', message: `The import stopped: ${(err as Error).message}`, finishedAt: new Date() }).catch(() => {});
  }
}

const keep = (r: Rejection[]) => r.slice(0, REJECTIONS_KEPT) as unknown as object[];

export async function getImportJob(id: unknown): Promise<ImportJobView> {
  const jobId = parseInput(z.object({ id: z.uuid({ error: 'must be an import id' }) }), { id }).id;
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
  };
}

export async function cancelImportJob(id: unknown) {
  const job = await getImportJob(id);
  if (job.status !== 'validating' && job.status !== 'running') return job;
  await prisma().importJob.updateMany({ where: { id: job.id, status: { in: ['validating', 'running'] } }, data: { status: 'cancelled' } });
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
