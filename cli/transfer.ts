// The CLI's long-running commands: import (a job the console runs; the CLI follows its progress),
// export (a streamed download), and benchmark (search in the database vs through the console).
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from './client';
import { CliError } from './client';
import { ms, percentile, progress } from './format';
import type { Flags } from './main';
import { rng } from '../lib/seed/random';

export interface ImportJob {
  id: string;
  status: 'validating' | 'running' | 'done' | 'failed' | 'cancelled';
  target: string;
  totalRows: number;
  processedRows: number;
  rejectedCount: number;
  rejected: { line: number; reason: string }[];
  message: string | null;
}

const FINISHED = new Set(['done', 'failed', 'cancelled']);
const POLL_PATIENCE_MS = 120_000;

/** Uploads a file as an import job and follows it to the end. */
export async function importFile(api: ApiClient, file: string, flags: Flags, onProgress?: (done: number) => void): Promise<ImportJob> {
  const form = new FormData();
  form.set('file', new Blob([fs.readFileSync(file)]), file.split('/').pop()!);
  if (flags.namespace) form.set('namespace', flags.namespace);
  if (flags.collection) form.set('collection', flags.collection);
  if (flags.format) form.set('format', flags.format);
  form.set('skip_bad', flags['skip-bad'] ? 'true' : 'false');
  const started = await api.fetch('/api/v1/imports', { method: 'POST', body: form });
  const { id } = (await started.json()) as { id: string };
  const bar = onProgress ? null : progress('import');
  let unavailableSince: number | null = null;
  for (;;) {
    let job: ImportJob;
    try {
      job = await api.json<ImportJob>('GET', `/api/v1/imports/${encodeURIComponent(id)}`);
      unavailableSince = null;
    } catch (err) {
      // The embedded engine runs one statement at a time: while a batch writes, a progress read can
      // time out (503). The job goes on; keep asking for a while before giving up.
      if (!(err instanceof CliError) || err.status !== 503) throw err;
      unavailableSince ??= Date.now();
      if (Date.now() - unavailableSince > POLL_PATIENCE_MS) throw err;
      await sleep(1000);
      continue;
    }
    if (onProgress) onProgress(job.processedRows);
    else bar!.update(job.processedRows, job.totalRows || null);
    if (FINISHED.has(job.status)) {
      bar?.done(`import ${job.status}: ${job.processedRows} / ${job.totalRows} rows`);
      for (const r of job.rejected.slice(0, 10)) process.stderr.write(`  line ${r.line}: ${r.reason}\n`);
      if (job.status !== 'done' && !job.processedRows && job.message) throw new CliError(`import ${job.status}: ${job.message}`);
      return job;
    }
    await sleep(250);
  }
}

/** Streams an export to --output (or stdout), counting rows for the progress bar. */
export async function exportRows(api: ApiClient, flags: Flags): Promise<{ rows: number; bytes: number; output: string | null }> {
  if (Boolean(flags.namespace) === Boolean(flags.collection)) throw new CliError('export: give exactly one of --namespace or --collection', 2);
  const p = new URLSearchParams({ format: flags.format ?? 'jsonl' });
  if (flags.namespace) p.set('namespace', flags.namespace);
  if (flags.collection) p.set('collection', flags.collection);
  if (flags.vectors !== undefined) p.set('vectors', flags.vectors);
  if (flags.limit) p.set('limit', flags.limit);

  let total: number | null = null;
  if (flags.namespace) {
    total = (await api.json<{ count: number }>('GET', `/api/v1/memories/count?namespace=${encodeURIComponent(flags.namespace)}`)).count;
  } else {
    const { collections } = await api.json<{ collections: { id: string; rows: number }[] }>('GET', '/api/v1/collections');
    total = collections.find((c) => c.id === flags.collection)?.rows ?? null;
  }
  if (total !== null && flags.limit && Number.isFinite(Number(flags.limit))) total = Math.min(total, Number(flags.limit));

  const res = await api.fetch(`/api/v1/export?${p}`);
  const sink = flags.output ? fs.createWriteStream(flags.output) : process.stdout;
  const bar = progress('export');
  const csv = (flags.format ?? 'jsonl') === 'csv';
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
    if (!sink.write(chunk)) await new Promise<void>((r) => sink.once('drain', () => r()));
    bar.update(Math.max(0, lines - (csv ? 1 : 0)), total);
  }
  const rows = Math.max(0, lines - (csv ? 1 : 0)); // a CSV's first line is its header
  if (flags.output) await new Promise<void>((resolve, reject) => (sink as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
  bar.done(`export done: ${rows} rows, ${(bytes / 1024).toFixed(0)} KiB`);
  return { rows, bytes, output: flags.output ?? null };
}

// Deterministic vectors (the demo data's seeded PRNG), clustered like real embeddings so HNSW behaves as it does on them.
function benchVectors(n: number, dim: number, seed: number): number[][] {
  const r = rng(seed).next;
  const centres = Array.from({ length: 32 }, () => Array.from({ length: dim }, () => r() * 2 - 1));
  return Array.from({ length: n }, () => {
    const c = centres[Math.floor(r() * centres.length)];
    const v = c.map((x) => x + (r() * 2 - 1) * 0.6);
    const norm = Math.hypot(...v);
    return v.map((x) => Math.round((x / norm) * 1e5) / 1e5);
  });
}

const DIM = 384;
const CHUNK = 2000;

/**
 * seed 000's `ruvector benchmark --vectors N`: loads N vectors into a collection of their own
 * (once; re-runs reuse it), builds its HNSW index, then times searches. "database" is the search
 * statement's own time as the console measures it around the query; "console" is the whole request
 * seen from here (HTTP, auth, validation, JSON). The ratio is the console's overhead.
 */
export async function benchmark(api: ApiClient, flags: Flags) {
  const n = Number(flags.vectors ?? '1000');
  if (!Number.isInteger(n) || n < 100 || n > 1_000_000) throw new CliError('--vectors: must be a whole number from 100 to 1000000', 2);
  const queries = Number(flags.queries ?? '200');
  if (!Number.isInteger(queries) || queries < 10 || queries > 100_000) throw new CliError('--queries: must be a whole number from 10 to 100000', 2);
  const name = `recall_bench_${n}`;
  const id = `public.${name}.embedding`;
  const log = (s: string) => process.stderr.write(`${s}\n`);

  const find = async () => (await api.json<{ collections: { id: string; rows: number; indexes: { distance: string | null }[] }[] }>('GET', '/api/v1/collections')).collections.find((c) => c.id === id);
  let col = await find();
  if (!col) {
    await api.json('POST', '/api/v1/collections', { name, dimension: DIM, distance: 'cosine', index: false });
    col = await find();
  }
  let loadSeconds: number | null = null;
  if (!col || col.rows < n) {
    // Loaded without the index, which is built afterwards (pgvector's own advice for bulk loads).
    const vectors = benchVectors(n, DIM, 1);
    const bar = progress('load');
    const t0 = performance.now();
    const tmp = fs.mkdtempSync(`${process.env.TMPDIR ?? '/tmp'}/recall-bench-`);
    try {
      for (let start = 0; start < n; start += CHUNK) {
        const file = `${tmp}/chunk.jsonl`;
        const lines = vectors.slice(start, start + CHUNK).map((v, i) => JSON.stringify({ id: start + i + 1, content: `bench vector ${start + i + 1}`, embedding: v }));
        fs.writeFileSync(file, `${lines.join('\n')}\n`);
        const job = await importFile(api, file, { ...flags, namespace: undefined, collection: id, format: 'jsonl', 'skip-bad': false }, (done) => bar.update(start + done, n, 'vectors'));
        if (job.status !== 'done') throw new CliError(`benchmark: loading stopped (${job.status}): ${job.message ?? ''}`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    loadSeconds = (performance.now() - t0) / 1000;
    bar.done(`loaded ${n} vectors in ${loadSeconds.toFixed(1)} s`);
    col = await find();
  }
  let indexSeconds: number | null = null;
  if (!col?.indexes.some((i) => i.distance === 'cosine')) {
    log('building the HNSW index (m=16, ef_construction=64)…');
    indexSeconds = (await api.json<{ seconds: number }>('POST', `/api/v1/collections/${encodeURIComponent(id)}/index`, { distance: 'cosine', m: 16, ef_construction: 64 })).seconds;
  }

  const qs = benchVectors(queries + 20, DIM, 2);
  const db: number[] = [];
  const server: number[] = [];
  const client: number[] = [];
  const bar = progress('search');
  const t0 = performance.now();
  for (let i = 0; i < qs.length; i++) {
    const c0 = performance.now();
    const r = await api.json<{ timings: { dbMs: number; totalMs: number } }>('POST', '/api/v1/memories/search', { collection: id, vector: qs[i], limit: 10, min_similarity: 0, explain: false });
    const c1 = performance.now() - c0;
    if (i < 20) continue; // warm-up
    db.push(r.timings.dbMs);
    server.push(r.timings.totalMs);
    client.push(c1);
    bar.update(i - 19, queries, 'searches');
  }
  const seconds = (performance.now() - t0) / 1000;
  bar.done(`${queries} searches in ${seconds.toFixed(1)} s`);
  const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
  const [sdb, sserver, sclient] = [sorted(db), sorted(server), sorted(client)];
  const stat = (a: number[]) => ({ p50: percentile(a, 50), p95: percentile(a, 95), p99: percentile(a, 99), mean: a.reduce((x, y) => x + y, 0) / a.length });
  const figures = {
    vectors: n, dimension: DIM, queries, collection: id, loadSeconds, indexSeconds,
    databaseMs: stat(sdb), serverMs: stat(sserver), endToEndMs: stat(sclient),
    searchesPerSecond: queries / (client.reduce((x, y) => x + y, 0) / 1000),
    overheadRatio: stat(sclient).p50 / stat(sdb).p50,
  };
  const row = (label: string, s: ReturnType<typeof stat>) => `${label.padEnd(30)} ${ms(s.p50).padStart(10)} ${ms(s.p95).padStart(10)} ${ms(s.p99).padStart(10)}`;
  const report = [
    `${n} vectors × ${DIM} (cosine, HNSW m=16), ${queries} searches of top 10, one at a time`,
    `${''.padEnd(30)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'p99'.padStart(10)}`,
    row('raw search (in the database)', figures.databaseMs),
    row('console (server, end to end)', figures.serverMs),
    row('console via HTTP (this client)', figures.endToEndMs),
    `throughput ${figures.searchesPerSecond.toFixed(1)} searches/s through the console; p50 console/raw ${figures.overheadRatio.toFixed(2)}×`,
    ...(loadSeconds !== null ? [`load ${loadSeconds.toFixed(1)} s`] : []),
    ...(indexSeconds !== null ? [`index build ${indexSeconds.toFixed(1)} s`] : []),
  ].join('\n');
  return { report, figures };
}
