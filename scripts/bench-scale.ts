// `npm run bench:scale [-- --n 100000 --generations 100000 --keep]`
// Loads N memories (default 100,000 with DATABASE_URL, 20,000 on a fresh embedded engine) and prints,
// in one run: import rows/s through the console (validation, then the load) against raw loads of the
// same rows into memory_entries itself and into a table of its shape without the console's triggers,
// file by file in rotating order (COPY on a real server; multi-row INSERT on the embedded engine, whose
// socket server does not speak COPY); the HNSW build against a raw CREATE INDEX; the row-by-row path
// into an indexed table on a sample; G generations with 1.5 G ratings (written with the rating-count
// triggers against the same rows without them); then the server time (median of 5, timed around the
// console's own lib function in this process) of every page read and the main API reads beside the
// 150 ms target, recall@10 at the ef_search used, and the console's ef_search tune with recall at the
// value it saves.
import pgvector from 'pgvector';
import type pg from 'pg';
import { copyBinary, rebuildIndexes, vectorIndexes } from '@/lib/imports/copy';
import { binaryCopyChunks } from '@/lib/imports/copy-binary';
import { parseImport, runImport } from '@/lib/imports/memory-import';
import { getCollection, listCollections, MEMORY_COLLECTION, quoteIdent } from '@/lib/collections/catalog';
import { browseCollection, collectionRow } from '@/lib/collections/collections';
import { countMemories, getMemory, listMemories } from '@/lib/memories/memories';
import { findNamespaces, listNamespaces } from '@/lib/memories/namespaces';
import { engineSummary, tableCounts } from '@/lib/overview/overview';
import { writesPerDay } from '@/lib/agents/agents';
import { searchCollection } from '@/lib/search/search';
import { listGenerations } from '@/lib/generations/generations';
import { costTotals, ratingBy, ratingDistribution, ratingOverTime } from '@/lib/feedback/analytics';
import { compactRatingCounts } from '@/lib/feedback/rating-counts';
import { invalidateSearchSettings, startTune, tuneJob } from '@/lib/search/tuning';
import { benchDatabase, DIM, vectors } from './bench-data';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const native = Boolean(process.env.DATABASE_URL);
// Loads, index builds and VACUUM run longer than the console's 30 s default statement timeout.
process.env.DB_STATEMENT_TIMEOUT_MS ??= '3600000';
const N = arg('n', native ? 100_000 : 20_000);
const SAMPLE = arg('sample', Math.min(2_000, N));
const KEEP = process.argv.includes('--keep');
const NAMESPACES = 10;
// Files of this many rows at most (the console takes files up to 200 MB; JSON of 384 numbers is ~4 KB).
const FILE_ROWS = 25_000;
const TARGET_MS = 150;
const PREFIX = 'bench_scale_';
const RAW = 'recall_bench_scale_raw';
// The raw load into memory_entries itself goes to these namespaces, deleted before the index is built.
const RAW_PREFIX = `${PREFIX}raw_`;
// The Feedback and Costs pages' tables: this many generations (default N) with 1.5 ratings each.
const GENERATIONS = arg('generations', N);
const RAW_FEEDBACK = 'recall_bench_scale_feedback_raw';
const log = (s: string) => console.log(s);
const round7 = (x: number) => Math.round(x * 1e7) / 1e7;
const rate = (rows: number, seconds: number) => `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`;

/** Rows i..i+n of the benchmark: namespace, key, value, vector (7 decimals, as embeddings are usually written). */
function rowsAt(start: number, n: number, seed = 1) {
  return vectors(n, seed + start).map((v, j) => {
    const i = start + j;
    return { namespace: `${PREFIX}${i % NAMESPACES}`, key: `k${i}`, value: `benchmark memory ${i}`, embedding: v.map(round7), tags: ['bench'] };
  });
}

async function median5(fn: () => Promise<unknown>) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2];
}

/**
 * One file's rows (FILE_ROWS at most) loaded raw into `table`: binary COPY on a real server, multi-row
 * INSERT on the embedded engine. Into memory_entries itself they go to namespaces of their own.
 */
async function rawFile(pool: pg.Pool, start: number, n: number, table: string) {
  const rows = rowsAt(start, n).map((r) => (table === RAW ? r : { ...r, namespace: r.namespace.replace(PREFIX, RAW_PREFIX) }));
  const t0 = performance.now();
  if (native) {
    const client = await pool.connect();
    try {
      // Binary, as the console sends it: the fastest raw COPY there is (text costs ~4× in parsing vectors).
      await copyBinary(client, `COPY ${table} (namespace, key, value, embedding, tags) FROM STDIN WITH (FORMAT binary)`,
        binaryCopyChunks(rows.map((r) => [{ text: r.namespace }, { text: r.key }, { text: r.value }, { vector: r.embedding }, { textArray: r.tags }])));
    } finally {
      client.release();
    }
  } else {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await pool.query(`INSERT INTO ${table} (namespace, key, value, embedding, tags)
        SELECT ns, k, v, e::vector, ARRAY['bench'] FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(ns, k, v, e)`,
        [chunk.map((r) => r.namespace), chunk.map((r) => r.key), chunk.map((r) => r.value), chunk.map((r) => pgvector.toSql(r.embedding))]);
    }
  }
  return (performance.now() - t0) / 1000;
}

/**
 * Raw loads and the console's import of the same rows, file by file, in rotating order (these machines
 * are noisy; a variant run whole after the other measured 0.55 one day and 1.13 another): raw into a
 * table of memory_entries' shape without the console's triggers (namespace counts, writes per day), and
 * raw into memory_entries itself, triggers included, as any client's COPY into it runs.
 * On a real server the vector index is dropped once before the files and built once after, as the
 * import's build-after does for a load larger than the table; the raw table gets its index built the
 * same way after its rows. On the embedded engine both keep their index through the load.
 */
async function loads(pool: pg.Pool) {
  // Same columns, defaults, constraints and btree indexes as memory_entries (not the console's triggers).
  await pool.query(`DROP TABLE IF EXISTS ${RAW}; CREATE TABLE ${RAW} (LIKE memory_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  if (native) for (const i of await vectorIndexes(pool, RAW)) await pool.query(`DROP INDEX ${quoteIdent(i.name)}`);
  const dropped = native ? await vectorIndexes(pool, 'public.memory_entries') : [];
  for (const d of dropped) await pool.query(`DROP INDEX ${quoteIdent(d.schema)}.${quoteIdent(d.name)}`);
  let rawSeconds = 0;
  let rawIntoTableSeconds = 0;
  let validateSeconds = 0;
  let loadSeconds = 0;
  const ways = ['raw', 'rawIntoTable', 'console'] as const;
  for (let start = 0, file = 0; start < N; start += FILE_ROWS, file++) {
    const n = Math.min(FILE_ROWS, N - start);
    for (const way of [...ways.slice(file % 3), ...ways.slice(0, file % 3)]) {
      if (way === 'raw') {
        rawSeconds += await rawFile(pool, start, n, RAW);
        continue;
      }
      if (way === 'rawIntoTable') {
        rawIntoTableSeconds += await rawFile(pool, start, n, 'memory_entries');
        continue;
      }
      const text = rowsAt(start, n).map((r) => JSON.stringify(r)).join('\n');
      const t0 = performance.now();
      const parsed = parseImport(text, 'jsonl', { dimension: DIM });
      validateSeconds += (performance.now() - t0) / 1000;
      const outcome = await runImport(null, parsed, { indexAfter: 'never' });
      if (outcome.status !== 'done') throw new Error(outcome.message);
      loadSeconds += outcome.load!.loadSeconds;
    }
    if (N > 4 * FILE_ROWS) log(`  loaded ${start + n} of ${N} each way`);
  }
  await pool.query('DELETE FROM memory_entries WHERE namespace LIKE $1', [`${RAW_PREFIX}%`]);
  // The raw build runs before and after the console's (the mean is printed): one build each way swung
  // the ratio between 0.97 and 1.16 from run to run here.
  const rawBuild = async () => {
    const client = await pool.connect();
    try {
      await client.query(`SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2; SET statement_timeout = 0`);
      await client.query('DROP INDEX IF EXISTS recall_bench_scale_raw_vector');
      const t0 = performance.now();
      await client.query(dropped[0].definition.replace(/INDEX \S+ ON \S+/, `INDEX recall_bench_scale_raw_vector ON ${RAW}`));
      const seconds = (performance.now() - t0) / 1000;
      await client.query('RESET maintenance_work_mem; RESET max_parallel_maintenance_workers; RESET statement_timeout');
      return seconds;
    } finally {
      client.release();
    }
  };
  const rawBuilds = native ? [await rawBuild()] : [];
  const indexSeconds = await rebuildIndexes(pool, dropped);
  if (native) rawBuilds.push(await rawBuild());
  const rawBuildSeconds = rawBuilds.length ? rawBuilds.reduce((a, b) => a + b, 0) / rawBuilds.length : 0;
  await pool.query(`DROP TABLE ${RAW}`);
  return {
    raw: { seconds: rawSeconds, intoTableSeconds: rawIntoTableSeconds, buildSeconds: rawBuildSeconds },
    mine: { validateSeconds, load: { method: native ? 'copy' as const : 'insert' as const, loadSeconds, indexSeconds, indexesRebuilt: dropped.map((d) => d.name) } },
  };
}

/** The path without build-after (each row inserted into the HNSW graph), on a sample into the indexed table. */
async function rowByRowSample(pool: pg.Pool) {
  const rows = rowsAt(N, SAMPLE, 7).map((r) => ({ ...r, namespace: `${PREFIX}sample` }));
  const parsed = parseImport(rows.map((r) => JSON.stringify(r)).join('\n'), 'jsonl', { dimension: DIM });
  const outcome = await runImport(null, parsed, { indexAfter: 'never' });
  // Left in place until the end: deleting rows from an HNSW index makes the next VACUUM repair the graph.
  return outcome.load!;
}

/**
 * G generations over 90 days and 1.5 G ratings, written server-side in chunks that alternate between
 * feedback (with the rating-count triggers of migration 0019) and a table of feedback's shape, indexes
 * and foreign key without them, so the triggers' write cost is printed beside the reads they save.
 */
async function loadFeedback(pool: pg.Pool) {
  const G = GENERATIONS;
  await pool.query(`DROP TABLE IF EXISTS ${RAW_FEEDBACK}`);
  await pool.query('DELETE FROM generations WHERE id LIKE $1', [`${PREFIX}%`]);
  await pool.query('DELETE FROM templates WHERE id LIKE $1', [`${PREFIX}%`]);
  // Statistics of the tables as they are now: the foreign-key checks are planned from them.
  await pool.query('VACUUM ANALYZE generations, feedback');
  await pool.query(`CREATE TABLE ${RAW_FEEDBACK} (LIKE feedback INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
    ALTER TABLE ${RAW_FEEDBACK} ADD FOREIGN KEY (generation_id) REFERENCES generations (id) ON DELETE CASCADE`);
  await pool.query(`INSERT INTO templates (id, artifact_type, name, content) SELECT '${PREFIX}t' || i, 'agent', 'bench template ' || i, 'x' FROM generate_series(1, 12) i`);
  const CHUNK = 50_000;
  for (let start = 0; start < G; start += CHUNK) {
    await pool.query(`INSERT INTO generations (id, artifact_type, name, content, provider, model, cost, template_id, created_at)
      SELECT '${PREFIX}g' || i, (ARRAY['agent', 'tool', 'prompt', 'workflow'])[i % 4 + 1], 'generation ' || i, 'content ' || i,
             (ARRAY['openai', 'anthropic', 'mistral'])[i % 3 + 1], 'model-' || (i % 8), (i % 97) / 1000.0,
             CASE WHEN i % 3 = 0 THEN NULL ELSE '${PREFIX}t' || (i % 12 + 1) END,
             NOW() - ((i * 7919) % (90 * 86400)) * interval '1 second'
      FROM generate_series($1::bigint, $2::bigint) i`, [start + 1, Math.min(G, start + CHUNK)]);
  }
  await pool.query('ANALYZE generations');
  const ratings = Math.round(G * 1.5);
  const seconds = { counted: 0, plain: 0 };
  let chunk = 0;
  for (let start = 0; start < ratings; start += CHUNK, chunk++) {
    // Alternate which table each half of the chunk goes to first, so neither always runs on a warmer cache.
    for (const table of chunk % 2 ? ['feedback', RAW_FEEDBACK] : [RAW_FEEDBACK, 'feedback']) {
      const t0 = performance.now();
      await pool.query(`INSERT INTO ${table} (id, generation_id, rating, comment, created_at)
        SELECT '${PREFIX}f' || i, '${PREFIX}g' || ((i * 2654435761) % $3 + 1), 1 + (i * 37 + i / 7) % 5, NULL,
               NOW() - ((i * 104729) % (90 * 86400)) * interval '1 second'
        FROM generate_series($1::bigint, $2::bigint) i`, [start + 1, Math.min(ratings, start + CHUNK), G]);
      seconds[table === 'feedback' ? 'counted' : 'plain'] += (performance.now() - t0) / 1000;
    }
  }
  await pool.query(`DROP TABLE ${RAW_FEEDBACK}`);
  // What a console instance's background loop does every minute; here once, after the whole load.
  const changes = Number((await pool.query(`SELECT (SELECT count(*) FROM recall.rating_day_changes) + (SELECT count(*) FROM recall.rating_key_changes)
    + (SELECT count(*) FROM recall.generation_day_changes) AS n`)).rows[0].n);
  const t0 = performance.now();
  await compactRatingCounts(pool);
  const compactMs = performance.now() - t0;
  const counts = (await pool.query(`SELECT (SELECT count(*) FROM recall.rating_days)::int AS days, (SELECT count(*) FROM recall.rating_keys)::int AS keys,
    (SELECT count(*) FROM recall.generation_days)::int AS gens`)).rows[0];
  return { G, ratings, seconds, changes, compactMs, counts };
}

async function main() {
  const { pool, close } = await benchDatabase(log);
  log(`cleaning earlier runs (${PREFIX}* namespaces)…`);
  await pool.query('DELETE FROM memory_entries WHERE namespace LIKE $1', [`${PREFIX}%`]);
  await pool.query('VACUUM ANALYZE memory_entries');
  const before = Number((await pool.query('SELECT count(*) AS n FROM memory_entries')).rows[0].n);
  log(`memory_entries holds ${before} other rows; loading ${N} × ${DIM} (${NAMESPACES} namespaces)…`);

  const { raw, mine } = await loads(pool);
  log(`raw load ${raw.seconds.toFixed(1)} s, raw index build ${raw.buildSeconds.toFixed(1)} s`);
  log(`console: validate ${mine.validateSeconds.toFixed(1)} s, load ${mine.load.loadSeconds.toFixed(1)} s, index ${mine.load.indexSeconds.toFixed(1)} s`);
  const sample = SAMPLE > 0 ? await rowByRowSample(pool) : null;
  if (sample) log(`row-by-row sample of ${SAMPLE}: ${sample.loadSeconds.toFixed(1)} s`);
  log(`loading ${GENERATIONS} generations and ${Math.round(GENERATIONS * 1.5)} ratings…`);
  const feedback = await loadFeedback(pool);
  // Pages are measured on tables at rest: vacuumed (visibility map set, as autovacuum leaves it).
  await pool.query('VACUUM ANALYZE memory_entries, generations, feedback, recall.generation_ratings');

  const rawName = native ? 'raw binary COPY' : 'raw multi-row INSERT';
  const loadRate = N / mine.load.loadSeconds;
  const rawRate = N / raw.seconds;
  const check = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  log('');
  log(`== load: ${N} × ${DIM} into memory_entries (${native ? 'native server' : 'embedded engine'}) ==`);
  log(`validate (parse + rules, in the console)  ${rate(N, mine.validateSeconds)}  (${mine.validateSeconds.toFixed(1)} s)`);
  log(`load through the console (${mine.load.method}${mine.load.indexesRebuilt.length ? ', index dropped' : ', index kept'})  ${rate(N, mine.load.loadSeconds)}  (${mine.load.loadSeconds.toFixed(1)} s)${native ? `  target ≥ 5,000 rows/s ${check(loadRate >= 5000)}` : ''}`);
  const intoTableRate = N / raw.intoTableSeconds;
  log(`${rawName} of the same rows into memory_entries itself (its triggers included${native ? ', no vector index' : ''})  ${rate(N, raw.intoTableSeconds)}  (${raw.intoTableSeconds.toFixed(1)} s)`);
  log(`${rawName} of the same rows into a table of its shape without the console's triggers${native ? ', no vector index' : ', with the vector index'}  ${rate(N, raw.seconds)}  (${raw.seconds.toFixed(1)} s)`);
  log(`load ratio console/raw into memory_entries ${(loadRate / intoTableRate).toFixed(3)}  target ≥ 0.8  ${check(loadRate / intoTableRate >= 0.8)}`);
  log(`load ratio console/raw into the table without triggers ${(loadRate / rawRate).toFixed(3)} (the triggers' own share: ${(intoTableRate / rawRate).toFixed(3)})`);
  log(`console end to end (validate + load) ${rate(N, mine.validateSeconds + mine.load.loadSeconds)}`);
  if (native) {
    log(`HNSW build after loading (CONCURRENTLY, maintenance_work_mem 1GB) ${mine.load.indexSeconds.toFixed(1)} s; raw CREATE INDEX of the same rows ${raw.buildSeconds.toFixed(1)} s (mean of one before and one after): ratio ${(mine.load.indexSeconds / raw.buildSeconds).toFixed(3)}  target ≤ 1.1  ${check(mine.load.indexSeconds / raw.buildSeconds <= 1.1)}`);
  }
  if (sample) {
    const perRow = sample.loadSeconds / SAMPLE;
    const bulkTotal = mine.load.loadSeconds + mine.load.indexSeconds;
    log(`row by row into the indexed table (sample of ${SAMPLE}, ${sample.method})  ${rate(SAMPLE, sample.loadSeconds)}: ${N} rows ≈ ${(perRow * N).toFixed(0)} s` +
      ` vs bulk load + build ${bulkTotal.toFixed(1)} s  ${check(bulkTotal < perRow * N)}`);
  }

  log('');
  log(`== ratings: ${feedback.ratings} into feedback, ${feedback.G} generations ==`);
  log(`with the rating-count triggers ${rate(feedback.ratings / 2, feedback.seconds.counted)}; same rows into feedback's shape without them ${rate(feedback.ratings / 2, feedback.seconds.plain)}: ratio ${(feedback.seconds.plain / feedback.seconds.counted).toFixed(3)}`);
  log(`${feedback.changes} changes appended by the triggers, folded into the totals in ${feedback.compactMs.toFixed(0)} ms: recall.rating_days ${feedback.counts.days} rows, recall.rating_keys ${feedback.counts.keys}, recall.generation_days ${feedback.counts.gens}, for ${feedback.ratings} ratings`);

  // Pages and API reads, server time in this process (median of 5 after a warm-up).
  const collection = await getCollection(pool, MEMORY_COLLECTION);
  const pages = Math.ceil(collection.rows / 25);
  const ns = `${PREFIX}3`;
  const entry = await getMemory(ns, 'k13');
  const nsPages = (await listMemories({ namespace: ns })).pages;
  const query = rowsAt(N + SAMPLE + 1, 1, 11)[0].embedding;
  const reads: [string, () => Promise<unknown>][] = [
    ['Overview: table counts', () => tableCounts()],
    ['Overview: engine summary', () => engineSummary()],
    ['Overview: writes per day (30 days)', () => writesPerDay(30)],
    ['Overview / Namespaces / Search: namespace list', () => listNamespaces()],
    ['Namespaces: filtered page (name contains)', () => findNamespaces({ q: ns.slice(0, 3) })],
    ['Namespace page 1 (count + newest 50)', () => Promise.all([countMemories(ns), listMemories({ namespace: ns })])],
    [`Namespace last page (${nsPages})`, () => listMemories({ namespace: ns, page: nsPages })],
    ['Namespace page 1, oldest first', () => listMemories({ namespace: ns, sort: 'oldest' })],
    ['Entry page (retrieve + 8 neighbours)', () => Promise.all([getMemory(ns, 'k13'), searchCollection({ like: String(entry.id), limit: 8, min_similarity: 0 })])],
    ['Collections list (counts)', () => listCollections(pool)],
    ['Collection rows, page 1', async () => browseCollection(await getCollection(pool, MEMORY_COLLECTION), 1)],
    [`Collection rows, middle page (${Math.ceil(pages / 2)})`, async () => browseCollection(await getCollection(pool, MEMORY_COLLECTION), Math.ceil(pages / 2))],
    [`Collection rows, last page (${pages})`, async () => browseCollection(await getCollection(pool, MEMORY_COLLECTION), pages)],
    ['Collection row', () => collectionRow(collection, String(entry.id))],
    ['"More like this" (like, 10)', () => searchCollection({ like: String(entry.id), limit: 10 })],
    ['API GET /memories/count', () => countMemories()],
    ['API GET /memories/{ns}/{key}', () => getMemory(ns, 'k13')],
    ['API POST /memories/search (vector, 10)', () => searchCollection({ vector: query, limit: 10, min_similarity: 0 })],
    ['API POST /memories/search (vector, namespace filter)', () => searchCollection({ vector: query, limit: 10, min_similarity: 0, namespace: ns })],
    ['Feedback / API GET /ratings: rating charts and breakdowns', () => Promise.all([ratingDistribution(), ratingOverTime({ bucket: 'day' }), ratingBy('template'), ratingBy('model'), ratingBy('provider')])],
    ['Feedback: generations page 1 (total, drop-downs)', () => listGenerations({})],
    ['Feedback: generations page 20', () => listGenerations({ page: '20' })],
    ['Feedback: generations averaging 4.5 or more', () => listGenerations({ minRating: '4.5' })],
    ['Feedback: generations of one model with feedback', () => listGenerations({ model: 'model-3', feedback: 'with' })],
    ['Costs: totals for the last 30 days', () => costTotals({ from: new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) })],
  ];
  log('');
  log(`== server time, median of 5, memory_entries ≈ ${collection.rows.toLocaleString('en-US')} rows, ${feedback.ratings.toLocaleString('en-US')} ratings (target ≤ ${TARGET_MS} ms) ==`);
  let missed = 0;
  for (const [name, fn] of reads) {
    const ms = await median5(fn);
    if (ms > TARGET_MS) missed++;
    log(`${name.padEnd(56)} ${ms.toFixed(1).padStart(8)} ms  ${check(ms <= TARGET_MS)}`);
  }
  log(`${reads.length - missed} of ${reads.length} reads within ${TARGET_MS} ms`);

  // recall@10 against exact search, at pgvector's default ef_search (no collection default is saved yet) and at 100.
  const queries = vectors(50, 4242);
  for (const ef of [undefined, 100]) {
    let sum = 0;
    for (const v of queries) sum += (await searchCollection({ vector: v, limit: 10, min_similarity: 0, exact: true, ...(ef ? { ef_search: ef } : {}) })).exact!.recall;
    log(`recall@10 at ef_search ${ef ?? '40 (default)'}: ${(sum / queries.length).toFixed(3)} over ${queries.length} queries`);
  }

  // The console's tune, as an admin runs it from the collection page; then recall at the default it saved.
  const saved = (await pool.query('SELECT * FROM recall.collection_settings WHERE collection = $1', [MEMORY_COLLECTION])).rows[0];
  const tuneStarted = performance.now();
  const tuneId = await startTune({ id: null, email: 'bench' }, MEMORY_COLLECTION, { target: 0.95 });
  let tune = await tuneJob(tuneId);
  while (tune.status === 'running') {
    await new Promise((r) => setTimeout(r, 500));
    tune = await tuneJob(tuneId);
  }
  log(`\n== ef_search tune (${tune.queries} queries, half held out, k=${tune.k}, target ${tune.targetRecall}): ${((performance.now() - tuneStarted) / 1000).toFixed(1)} s ==`);
  for (const p of tune.curve) {
    log(`ef_search ${String(p.ef).padStart(3)}  recall rows ${p.recallSampled.toFixed(3)}  held out ${p.recallHeldOut.toFixed(3)}  p50 ${p.p50Ms.toFixed(1)} ms  p95 ${p.p95Ms.toFixed(1)} ms`);
  }
  log(tune.message ?? tune.status);
  if (tune.chosenEfSearch) {
    let sum = 0;
    for (const v of queries) sum += (await searchCollection({ vector: v, limit: 10, min_similarity: 0, exact: true })).exact!.recall;
    log(`recall@10 at the saved ef_search (${tune.chosenEfSearch}): ${(sum / queries.length).toFixed(3)} over ${queries.length} queries`);
  }
  if (!KEEP) {
    // Leave the collection's default as it was before the benchmark.
    await pool.query('DELETE FROM recall.collection_settings WHERE collection = $1', [MEMORY_COLLECTION]);
    if (saved) {
      await pool.query('INSERT INTO recall.collection_settings SELECT * FROM jsonb_populate_record(NULL::recall.collection_settings, $1::jsonb)', [JSON.stringify(saved)]);
    }
    invalidateSearchSettings();
  }

  if (!KEEP) {
    // No VACUUM here: removing 100k rows from an HNSW graph is slow work better left to autovacuum.
    await pool.query('DELETE FROM memory_entries WHERE namespace LIKE $1', [`${PREFIX}%`]);
    await pool.query('ANALYZE memory_entries');
    const t0 = performance.now();
    await pool.query('DELETE FROM generations WHERE id LIKE $1', [`${PREFIX}%`]);
    await pool.query('DELETE FROM templates WHERE id LIKE $1', [`${PREFIX}%`]);
    log(`deleted the ${feedback.G} generations with their ratings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await pool.query('ANALYZE generations; ANALYZE feedback');
  }
  await close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
