// ef_search tuned per collection: a run measures recall@k (against exact search) and latency over
// sampled queries for a range of ef_search values, and saves the smallest value that reaches the
// admin's target as the collection's default. Searches read that default (lib/search/search.ts);
// a request's own ef_search still wins. The run is a job row, so any console instance shows it.
import { z } from 'zod';
import type pg from 'pg';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ConflictError, NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { getCollection, qualified, quoteIdent, type Collection, type Distance } from '@/lib/collections/catalog';
import { numberBetween, wholeNumberBetween } from '@/lib/vector/validation';
import { rng } from '@/lib/seed/random';
import { SEARCH_DEFAULTS } from './defaults';
import { keyExpression, OPERATORS } from './sql';
import { vectorParam } from '@/lib/vector/binary';
import { readVectorBinary, vectorOut } from '@/lib/vector/binary';

/** The ef_search values a run measures, smallest first (pgvector accepts 1–1000). */
export const EF_SEARCH_STEPS = [10, 20, 40, 60, 80, 100, 150, 200, 300, 400] as const;
export const TUNE_DEFAULTS = { target: 0.95, k: 10, queries: 60 } as const;
/** Exact searches per transaction while the truth is computed: progress is written between them. */
const TRUTH_CHUNK = 10;
/** A running job whose worker has not written for this long lost its console (stopped, restarted). */
export const TUNE_STALE_AFTER_MS = 120_000;

export const tuneInput = z.object({
  target: numberBetween(0.5, 1).default(TUNE_DEFAULTS.target),
  k: wholeNumberBetween(1, 100).default(TUNE_DEFAULTS.k),
  queries: wholeNumberBetween(10, 500).default(TUNE_DEFAULTS.queries),
});
export type TuneInput = z.input<typeof tuneInput>;

export interface CurvePoint {
  ef: number;
  /** Mean recall@k over every query, and over each kind: rows of the collection, and held-out points. */
  recall: number;
  recallSampled: number;
  recallHeldOut: number;
  p50Ms: number;
  p95Ms: number;
}

export interface TuneJobView {
  id: string;
  collection: string;
  status: 'running' | 'done' | 'failed';
  targetRecall: number;
  k: number;
  queries: number;
  stepsDone: number;
  stepsTotal: number;
  curve: CurvePoint[];
  chosenEfSearch: number | null;
  message: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface EfSearchSetting {
  efSearch: number;
  targetRecall: number;
  measuredRecall: number;
  tunedAt: Date;
}

/** Which ef_search a search ran with, and why. */
export type EfSearchSource =
  | { kind: 'override'; efSearch: number }
  | { kind: 'tuned'; efSearch: number; tunedAt: string; targetRecall: number; measuredRecall: number }
  | { kind: 'default'; efSearch: null };

export function efSearchReason(s: EfSearchSource): string {
  if (s.kind === 'override') return `ef_search ${s.efSearch}: set by this request`;
  if (s.kind === 'tuned') {
    return `ef_search ${s.efSearch}: this collection's tuned default (tuned ${s.tunedAt.slice(0, 10)} for recall@k ≥ ${s.targetRecall}; measured ${s.measuredRecall.toFixed(3)})`;
  }
  return `ef_search: the server's built-in default (pgvector's is ${SEARCH_DEFAULTS.efSearch}); tune this collection to set its own`;
}

// Every search reads its collection's default: cached per instance for as long as the catalogue is,
// so a default saved on another instance is used there within CACHE_TTL_MS.
const CACHE_TTL_MS = 10_000;
const cache = globalThis as unknown as { __recallSearchSettings?: { at: number; settings: Map<string, EfSearchSetting> } | null };

export function invalidateSearchSettings() {
  cache.__recallSearchSettings = null;
}

export async function tunedEfSearch(db: Queryable, collection: string): Promise<EfSearchSetting | null> {
  let cached = cache.__recallSearchSettings;
  if (!cached || Date.now() - cached.at > CACHE_TTL_MS) {
    const { rows } = await db.query<{ collection: string; ef_search: number; target_recall: number; measured_recall: number; tuned_at: Date }>(
      'SELECT collection, ef_search, target_recall, measured_recall, tuned_at FROM recall.collection_settings');
    cached = cache.__recallSearchSettings = {
      at: Date.now(),
      settings: new Map(rows.map((r) => [r.collection, { efSearch: r.ef_search, targetRecall: r.target_recall, measuredRecall: r.measured_recall, tunedAt: r.tuned_at }])),
    };
  }
  return cached.settings.get(collection) ?? null;
}

/** The ef_search a search runs with: the request's, else the collection's tuned default, else the server's. */
export async function resolveEfSearch(db: Queryable, collection: string, requested: number | undefined): Promise<EfSearchSource> {
  if (requested !== undefined) return { kind: 'override', efSearch: requested };
  const tuned = await tunedEfSearch(db, collection);
  if (!tuned) return { kind: 'default', efSearch: null };
  return { kind: 'tuned', efSearch: tuned.efSearch, tunedAt: tuned.tunedAt.toISOString(), targetRecall: tuned.targetRecall, measuredRecall: tuned.measuredRecall };
}

const JOB_COLUMNS = `id, collection, status, target_recall, k, queries, steps_done, steps_total, curve, chosen_ef_search, message, started_at, finished_at`;

const toView = (r: Record<string, unknown>): TuneJobView => ({
  id: r.id as string, collection: r.collection as string, status: r.status as TuneJobView['status'],
  targetRecall: r.target_recall as number, k: r.k as number, queries: r.queries as number,
  stepsDone: r.steps_done as number, stepsTotal: r.steps_total as number, curve: r.curve as CurvePoint[],
  chosenEfSearch: r.chosen_ef_search as number | null, message: r.message as string | null,
  startedAt: r.started_at as Date, finishedAt: r.finished_at as Date | null,
});

/** Marks runs whose console stopped as failed, so the collection can be tuned again. */
async function failStaleRuns(db: Queryable) {
  await db.query(
    `UPDATE recall.tune_jobs SET status = 'failed', finished_at = NOW(),
       message = 'The console running this tune stopped before it finished; start it again.'
     WHERE status = 'running' AND heartbeat_at < NOW() - make_interval(secs => $1)`,
    [TUNE_STALE_AFTER_MS / 1000],
  );
}

/** What the collection page and GET /api/v1/collections/{id}/tune show: the saved default and the latest run. */
export async function tuningState(collectionId: string): Promise<{ setting: EfSearchSetting | null; job: TuneJobView | null }> {
  const pool = projectPool();
  await getCollection(pool, collectionId, { counts: false }); // an unknown collection is a 404
  await failStaleRuns(pool);
  const [settings, jobs] = await Promise.all([
    pool.query('SELECT ef_search, target_recall, measured_recall, tuned_at FROM recall.collection_settings WHERE collection = $1', [collectionId]),
    pool.query(`SELECT ${JOB_COLUMNS} FROM recall.tune_jobs WHERE collection = $1 ORDER BY started_at DESC LIMIT 1`, [collectionId]),
  ]);
  const s = settings.rows[0];
  return {
    setting: s ? { efSearch: s.ef_search, targetRecall: s.target_recall, measuredRecall: s.measured_recall, tunedAt: s.tuned_at } : null,
    job: jobs.rows[0] ? toView(jobs.rows[0]) : null,
  };
}

/** The HNSW index a run tunes: the collection's, for the distance it serves. */
function tunableIndex(collection: Collection): Distance {
  const hnsw = collection.indexes.find((i) => i.method === 'hnsw' && i.distance);
  if (!hnsw) throw new ValidationError('collection', `${collection.id} has no HNSW index, so ef_search changes nothing; build one first`);
  return hnsw.distance!;
}

/** Starts a tune run in the background (admins; audited) and returns its id; progress is read with tuningState. */
export async function startTune(actor: Actor, collectionId: string, input: unknown): Promise<string> {
  const o = parseInput(tuneInput, input ?? {});
  const pool = projectPool();
  const collection = await getCollection(pool, collectionId, { counts: false });
  const distance = tunableIndex(collection);
  if (collection.rows < o.k + 1) throw new ValidationError('collection', `${collection.id} has about ${collection.rows} rows; tuning needs more than k (${o.k})`);
  await failStaleRuns(pool);
  const id = await withTransaction(pool, async (client) => {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO recall.tune_jobs (collection, created_by, status, target_recall, k, queries, steps_total)
       VALUES ($1, $2::uuid, 'running', $3, $4, $5, $6)
       ON CONFLICT (collection) WHERE status = 'running' DO NOTHING RETURNING id`,
      [collection.id, actor.id, o.target, o.k, o.queries, Math.ceil(o.queries / TRUTH_CHUNK) + EF_SEARCH_STEPS.length],
    );
    if (!inserted.rows[0]) throw new ConflictError(`collection: a tune of ${collection.id} is already running; wait for it to finish`, 'collection');
    await recordAudit(client, actor, 'collection.tune', collection.id, { target: o.target, k: o.k, queries: o.queries, job: inserted.rows[0].id });
    return inserted.rows[0].id;
  });
  void runTune(actor, id, collection, distance, o).catch((err) => console.error('[recall] tune run failed', err));
  return id;
}

interface TuneQuery {
  vector: number[];
  /** A row of the collection: its own key is left out of its neighbours, as "more like this" does. */
  self: string | null;
}

/** Sampled rows of the collection, and as many held-out points: sampled rows moved off any stored row. */
async function sampleQueries(db: Queryable, collection: Collection, count: number): Promise<TuneQuery[]> {
  const col = quoteIdent(collection.column);
  const key = keyExpression(collection);
  // Small tables: a uniform sample. Large ones: a block sample of about ten times what is needed,
  // so the table is not read from end to end.
  // The rows picked first (by ctid), then only their vectors read (in binary).
  const pick = (sample: string) => db.query<{ k: string; v: Buffer }>(
    `SELECT ${key} AS k, ${vectorOut(`t.${col}`)} AS v FROM ${qualified(collection)} t
     WHERE t.ctid = ANY(ARRAY(SELECT s.ctid FROM ${qualified(collection)} s ${sample} WHERE s.${col} IS NOT NULL ORDER BY random() LIMIT $1))`,
    [count],
  );
  const percent = Math.min(100, (100 * count * 10) / Math.max(1, collection.rows));
  let { rows } = await pick(collection.rows > 50_000 ? `TABLESAMPLE SYSTEM (${percent.toFixed(6)})` : '');
  // Few rows with a vector (a sparse column) or an unlucky block sample: read them all (a background job).
  if (rows.length < count) ({ rows } = await pick(''));
  if (rows.length < 2) throw new ValidationError('collection', `${collection.id} has fewer than 2 rows with a vector to sample`);
  const sampled = rows.map((r) => ({ key: r.k, vector: readVectorBinary(r.v) }));
  const half = Math.ceil(sampled.length / 2);
  const noise = rng(sampled.length);
  return sampled.map((s, i) => {
    if (i < half) return { vector: s.vector, self: s.key };
    // Held out: a point not in the collection, a fifth of the row's length away from it.
    const length = Math.hypot(...s.vector) || 1;
    const scale = (0.2 * length) / Math.sqrt(s.vector.length);
    return { vector: s.vector.map((x) => x + scale * (noise.next() * 2 - 1) * Math.sqrt(3)), self: null };
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** One search for the run: k neighbours (k + 1 for a row of the collection, less the row itself). */
async function neighbours(client: pg.PoolClient, collection: Collection, distance: Distance, q: TuneQuery, k: number) {
  // The search's ORDER BY and LIMIT (so the same index scan), without its row JSON: an exact search
  // would build that for every row of the table before keeping k.
  const sql = `SELECT ${keyExpression(collection)} AS row_key FROM ${qualified(collection)} t WHERE t.${quoteIdent(collection.column)} IS NOT NULL
    ORDER BY t.${quoteIdent(collection.column)} ${OPERATORS[distance]} $1::vector LIMIT $2`;
  const params = [vectorParam(q.vector), q.self === null ? k : k + 1];
  const t0 = performance.now();
  const { rows } = await client.query<{ row_key: string }>(sql, params);
  const ms = performance.now() - t0;
  return { keys: rows.map((r) => r.row_key).filter((key) => key !== q.self).slice(0, k), ms };
}

async function runTune(actor: Actor, id: string, collection: Collection, distance: Distance, o: z.output<typeof tuneInput>) {
  const pool = projectPool();
  const step = (data: { steps_done: number; curve?: CurvePoint[] }) =>
    pool.query(`UPDATE recall.tune_jobs SET steps_done = $2, curve = COALESCE($3::jsonb, curve), heartbeat_at = NOW() WHERE id = $1`,
      [id, data.steps_done, data.curve ? JSON.stringify(data.curve) : null]);
  const finish = (status: 'done' | 'failed', message: string, chosen: number | null = null) =>
    pool.query(`UPDATE recall.tune_jobs SET status = $2, message = $3, chosen_ef_search = $4, finished_at = NOW(), heartbeat_at = NOW() WHERE id = $1`,
      [id, status, message, chosen]);
  try {
    const queries = await sampleQueries(pool, collection, o.queries);
    // The truth: every row compared, no index. In chunks, each its own transaction, with progress between.
    const truth: Set<string>[] = [];
    let done = 0;
    for (let i = 0; i < queries.length; i += TRUTH_CHUNK) {
      await withTransaction(pool, async (client) => {
        await client.query('SET LOCAL enable_indexscan = off');
        await client.query('SET LOCAL enable_bitmapscan = off');
        for (const q of queries.slice(i, i + TRUTH_CHUNK)) truth.push(new Set((await neighbours(client, collection, distance, q, o.k)).keys));
      });
      await step({ steps_done: ++done });
    }
    done = Math.ceil(o.queries / TRUTH_CHUNK); // the sample may hold fewer rows than asked for
    const curve: CurvePoint[] = [];
    for (const ef of EF_SEARCH_STEPS) {
      const recalls: { sampled: boolean; recall: number }[] = [];
      const times: number[] = [];
      await withTransaction(pool, async (client) => {
        await client.query(`SET LOCAL hnsw.ef_search = ${ef}`);
        for (const [i, q] of queries.entries()) {
          const { keys, ms } = await neighbours(client, collection, distance, q, o.k);
          const expected = truth[i];
          recalls.push({ sampled: q.self !== null, recall: expected.size ? keys.filter((key) => expected.has(key)).length / expected.size : 1 });
          times.push(ms);
        }
      });
      const mean = (xs: { recall: number }[]) => (xs.length ? xs.reduce((a, x) => a + x.recall, 0) / xs.length : 1);
      curve.push({
        ef, recall: mean(recalls), recallSampled: mean(recalls.filter((r) => r.sampled)), recallHeldOut: mean(recalls.filter((r) => !r.sampled)),
        p50Ms: percentile(times, 50), p95Ms: percentile(times, 95),
      });
      await step({ steps_done: ++done, curve });
    }
    // Both kinds of query must reach the target: rows already stored and points that are not.
    const chosen = curve.find((p) => Math.min(p.recallSampled, p.recallHeldOut) >= o.target);
    if (!chosen) {
      const best = curve.reduce((a, p) => (Math.min(p.recallSampled, p.recallHeldOut) > Math.min(a.recallSampled, a.recallHeldOut) ? p : a));
      await finish('done', `No ef_search up to ${EF_SEARCH_STEPS.at(-1)} reached recall@${o.k} ${o.target} (best ${Math.min(best.recallSampled, best.recallHeldOut).toFixed(3)} at ${best.ef}); the collection's default is unchanged.`);
      return;
    }
    const measured = Math.min(chosen.recallSampled, chosen.recallHeldOut);
    await withTransaction(pool, async (client) => {
      await client.query(
        `INSERT INTO recall.collection_settings (collection, ef_search, target_recall, measured_recall, tuned_at, tuned_by, tune_job_id)
         VALUES ($1, $2, $3, $4, NOW(), $5::uuid, $6::uuid)
         ON CONFLICT (collection) DO UPDATE SET ef_search = EXCLUDED.ef_search, target_recall = EXCLUDED.target_recall,
           measured_recall = EXCLUDED.measured_recall, tuned_at = EXCLUDED.tuned_at, tuned_by = EXCLUDED.tuned_by, tune_job_id = EXCLUDED.tune_job_id`,
        [collection.id, chosen.ef, o.target, measured, actor.id, id],
      );
      await recordAudit(client, actor, 'collection.tune.saved', collection.id, { efSearch: chosen.ef, target: o.target, recall: measured, job: id });
    });
    invalidateSearchSettings();
    await finish('done', `Saved ef_search ${chosen.ef} as the default: recall@${o.k} ${measured.toFixed(3)} ≥ ${o.target} at p50 ${chosen.p50Ms.toFixed(1)} ms.`, chosen.ef);
  } catch (err) {
    await finish('failed', `The tune stopped: ${err instanceof Error ? err.message : String(err)}`).catch(() => {});
    throw err;
  }
}

/** The run's job, for GET /api/v1/collections/{id}/tune?job=… . */
export async function tuneJob(id: string): Promise<TuneJobView> {
  if (!z.uuid().safeParse(id).success) throw new ValidationError('job', 'must be a job id (a UUID)');
  const { rows } = await projectPool().query(`SELECT ${JOB_COLUMNS} FROM recall.tune_jobs WHERE id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError(`No tune run ${id}.`);
  return toView(rows[0]);
}
