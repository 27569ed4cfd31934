// "Embed all missing": a job row in recall.embed_jobs, worked in batches in the background of the
// instance that started it. Every instance reads the same row for progress and may cancel it (the
// worker reads the status between batches); a unique index lets only one run per collection; a
// worker that stops touching heartbeat_at has lost its lease, and whoever looks marks the job failed.
// Resuming is starting again: the rows still without a vector are exactly the work left.
import { z } from 'zod';
import pgvector from 'pgvector';
import { projectPool, withTransaction } from '@/lib/db/pools';
import { isConnectionError } from '@/lib/db/errors';
import { recordAudit, type Actor } from '@/lib/audit';
import { AppError, NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { assertMayWriteTable, getCollection, qualified, quoteIdent, textColumnOf, type Collection } from '@/lib/collections/catalog';
import { embedFor, embeddingStamp, providerFor } from '@/lib/embeddings/provider';
import { storableText } from '@/lib/vector/validation';
import { currentModel, embeddingHealth, embeddingHealthInput, rowsToCount } from './health';

export const EMBED_BATCH = 64;
export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 45_000;

export type EmbedJobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface EmbedJob {
  id: string;
  collection: string;
  model: string;
  status: EmbedJobStatus;
  /** Rows without a vector when the job started: counted, or past EXACT_COUNT_LIMIT rows estimated from a sample (totalEstimated). */
  totalRows: number;
  totalEstimated: boolean;
  processedRows: number;
  skippedRows: number;
  message: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  by: string | null;
}

const jobId = z.uuid({ error: 'must be a job id' });
const startInput = z.object({ collection: storableText('must be text').min(1, 'must not be empty').max(400, 'at most 400 characters') });

const SELECT = `SELECT j.id, j.collection, j.model, j.status, j.total_rows, j.total_estimated, j.processed_rows, j.skipped_rows, j.message,
                       j.started_at, j.finished_at, u.email AS by
                  FROM recall.embed_jobs j LEFT JOIN recall.users u ON u.id = j.created_by`;

const view = (r: Record<string, unknown>): EmbedJob => ({
  id: r.id as string, collection: r.collection as string, model: r.model as string, status: r.status as EmbedJobStatus,
  totalRows: Number(r.total_rows), totalEstimated: Boolean(r.total_estimated), processedRows: Number(r.processed_rows), skippedRows: Number(r.skipped_rows),
  message: (r.message as string | null) ?? null, startedAt: r.started_at as Date, finishedAt: (r.finished_at as Date | null) ?? null,
  by: (r.by as string | null) ?? null,
});

/** Jobs whose worker stopped touching them lost their lease: marked failed by whoever reads jobs. */
export async function failStaleEmbedJobs(staleAfterMs = STALE_AFTER_MS): Promise<number> {
  const { rowCount } = await projectPool().query(
    `UPDATE recall.embed_jobs SET status = 'failed', finished_at = now(),
       message = 'Stopped: its worker stopped responding (the console stopped or lost the database) after '
         || processed_rows || ' row(s); start again to embed the rest.'
     WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)`,
    [staleAfterMs / 1000],
  );
  return rowCount ?? 0;
}

export async function getEmbedJob(id: unknown): Promise<EmbedJob> {
  const parsed = parseInput(z.object({ id: jobId }), { id }).id;
  await failStaleEmbedJobs();
  const { rows } = await projectPool().query(`${SELECT} WHERE j.id = $1`, [parsed]);
  if (!rows[0]) throw new NotFoundError('No such embedding job.');
  return view(rows[0]);
}

/** The collection's latest job (running or not), for the health panel. */
export async function latestEmbedJob(collection: string): Promise<EmbedJob | null> {
  await failStaleEmbedJobs();
  const { rows } = await projectPool().query(`${SELECT} WHERE j.collection = $1 ORDER BY j.started_at DESC LIMIT 1`, [collection]);
  return rows[0] ? view(rows[0]) : null;
}

/** What the job needs from a collection: a single-column key to page on and a text column to embed. */
function embeddable(c: Collection) {
  const text = textColumnOf(c);
  if (!c.keyColumn) throw new ValidationError('collection', `${c.id} has no single-column primary key to page through its rows`);
  if (!text) throw new ValidationError('collection', `${c.id} has no text column (value, content, text, …) to embed`);
  const keyType = c.columns.find((col) => col.name === c.keyColumn)!.type;
  return { key: quoteIdent(c.keyColumn), keyType, text: quoteIdent(text), vector: quoteIdent(c.column), metadata: c.columns.some((col) => col.name === 'metadata' && col.type === 'jsonb') };
}

/**
 * Starts embedding a collection's rows without a vector, or returns the job already running for it
 * (on any instance). Audited. The caller has checked the admin role.
 */
export async function startEmbedJob(actor: Actor, input: unknown, opts: { batch?: number } = {}): Promise<EmbedJob> {
  const { collection: id } = parseInput(startInput, input);
  const c = await getCollection(projectPool(), id, { counts: false });
  assertMayWriteTable(actor, c.schema, c.table);
  const s = embeddable(c);
  const { model, dimension } = currentModel(c);
  providerFor(c.id, c.dimension); // a provider of another dimension is refused now, not in the background
  await failStaleEmbedJobs();
  const created = await withTransaction(projectPool(), async (client) => {
    // The progress bar's total: at millions of rows a full count would scan the table, so it is estimated as the health page's figure is.
    const { sampled, from } = rowsToCount(c);
    const counted = await client.query<{ n: number; missing: number }>(
      `SELECT count(*)::float8 AS n, count(*) FILTER (WHERE t.${s.vector} IS NULL)::float8 AS missing FROM ${from}`);
    const { n, missing } = counted.rows[0];
    const total = sampled ? Math.round(n > 0 ? (missing * c.rows) / n : 0) : missing;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO recall.embed_jobs (collection, created_by, model, status, total_rows, total_estimated) VALUES ($1, $2::uuid, $3, 'running', $4, $5)
       ON CONFLICT (collection) WHERE status = 'running' DO NOTHING RETURNING id`,
      [c.id, actor.id, model, total, sampled],
    );
    if (rows[0]) await recordAudit(client, actor, 'embeddings.embed_missing.start', c.id, { model, dimension, rows: total, ...(sampled ? { estimated: true } : {}) });
    return rows[0]?.id ?? null;
  });
  if (!created) {
    const { rows } = await projectPool().query(`${SELECT} WHERE j.collection = $1 AND j.status = 'running'`, [c.id]);
    if (rows[0]) return view(rows[0]);
    throw new AppError('An embedding job for this collection just ended; start again.', 409, 'conflict', 'collection');
  }
  void runEmbedJob(actor, created, opts);
  return getEmbedJob(created);
}

/** Writes a job's end, retrying while the database does not answer. */
async function finish(id: string, status: EmbedJobStatus, message: string) {
  for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
    try {
      await projectPool().query(
        `UPDATE recall.embed_jobs SET status = $2, message = $3, finished_at = now(), heartbeat_at = now() WHERE id = $1 AND status = 'running'`,
        [id, status, message],
      );
      return;
    } catch (err) {
      if (!isConnectionError(err)) return void console.error('[recall] could not record the embedding job state', err);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * The worker: keyset batches of rows still without a vector, embedded through the configured
 * provider and written only where the vector is still NULL (a concurrent write wins), with the
 * model stamp merged into metadata. Stops when the job row is no longer running (cancelled anywhere).
 */
export async function runEmbedJob(actor: Actor, id: string, opts: { batch?: number } = {}) {
  const pool = projectPool();
  const job = await getEmbedJob(id);
  const c = await getCollection(pool, job.collection, { counts: false });
  const s = embeddable(c);
  const batch = opts.batch ?? EMBED_BATCH;
  const stamp = JSON.stringify(embeddingStamp(c.dimension));
  const beat = setInterval(() => {
    pool.query(`UPDATE recall.embed_jobs SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [id]).catch(() => {});
  }, HEARTBEAT_MS);
  beat.unref?.();
  let processed = 0;
  let skipped = 0;
  let after: string | null = null;
  try {
    for (;;) {
      const state = await pool.query<{ status: string }>('SELECT status FROM recall.embed_jobs WHERE id = $1', [id]);
      if (state.rows[0]?.status !== 'running') return;
      const { rows }: { rows: { key: string; text: string | null }[] } = await pool.query(
        `SELECT ${s.key}::text AS key, ${s.text}::text AS text FROM ${qualified(c)}
          WHERE ${s.vector} IS NULL${after === null ? '' : ` AND ${s.key} > $2::${s.keyType}`} ORDER BY ${s.key} LIMIT $1`,
        after === null ? [batch] : [batch, after],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].key;
      const work = rows.filter((r) => r.text && r.text.trim());
      skipped += rows.length - work.length;
      const vectors = work.length ? await embedFor(c.id, c.dimension, work.map((r) => r.text!)) : [];
      const written = await pool.query(
        `UPDATE ${qualified(c)} t SET ${s.vector} = d.v::vector${s.metadata ? `, metadata = coalesce(t.metadata, '{}') || $3::jsonb` : ''}
           FROM unnest($1::${s.keyType}[], $2::text[]) AS d(k, v)
          WHERE t.${s.key} = d.k AND t.${s.vector} IS NULL`,
        s.metadata ? [work.map((r) => r.key), vectors.map((v) => pgvector.toSql(v)), stamp] : [work.map((r) => r.key), vectors.map((v) => pgvector.toSql(v))],
      );
      processed += written.rowCount ?? 0;
      await pool.query(
        `UPDATE recall.embed_jobs SET processed_rows = $2, skipped_rows = $3, heartbeat_at = now() WHERE id = $1`,
        [id, processed, skipped],
      );
    }
    await finish(id, 'done', `Embedded ${processed} row(s) with ${job.model}${skipped ? `; ${skipped} row(s) with empty text skipped` : ''}.`);
    await recordAudit(pool, actor, 'embeddings.embed_missing.done', c.id, { job: id, rows: processed, skipped });
  } catch (err) {
    if (!(err instanceof AppError)) console.error('[recall] embedding job failed', err);
    const reason = err instanceof Error ? err.message : String(err);
    await finish(id, 'failed', `Stopped after ${processed} row(s): ${reason}. Start again to embed the rest.`);
  } finally {
    clearInterval(beat);
  }
}

/** Cancels a running job from any instance; its worker stops before its next batch. Audited. */
export async function cancelEmbedJob(actor: Actor, id: unknown): Promise<EmbedJob> {
  const job = await getEmbedJob(id);
  if (job.status !== 'running') return job;
  await withTransaction(projectPool(), async (client) => {
    const { rowCount } = await client.query(
      `UPDATE recall.embed_jobs SET status = 'cancelled', finished_at = now(),
         message = 'Cancelled after ' || processed_rows || ' row(s) (whole batches only); start again to embed the rest.'
       WHERE id = $1 AND status = 'running'`,
      [job.id],
    );
    if (rowCount) await recordAudit(client, actor, 'embeddings.embed_missing.cancel', job.collection, { job: job.id });
  });
  return getEmbedJob(job.id);
}

/** The health figures with the latest job: what the page and the API show. */
export async function collectionEmbeddingHealth(input: z.input<typeof embeddingHealthInput>) {
  const health = await embeddingHealth(input);
  return { ...health, job: await latestEmbedJob(health.collection) };
}
