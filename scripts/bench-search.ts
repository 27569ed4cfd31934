// `npm run bench:search [-- --n 10000 --queries 200 --import-n 5000 --ef 400]`
// Search latency three ways on the same data and queries: (a) the console's SQL run raw through
// pg, (b) the console's search function, (c) the HTTP API end to end, (d) the HTTP floor (a minimal
// route handler of the same app, /api/health/live), (e) the search request refused by validation
// before the database; all HTTP through one keep-alive http.Agent; recall@10 against exact
// search at the default ef_search; and import rows/s (console path vs a raw multi-row INSERT).
// Without DATABASE_URL it runs on a fresh embedded engine in its own process, as `npm start` does.
// --ef N runs every variant at hnsw.ef_search N (raw SQL with SET LOCAL in a transaction, as the
// console does), for a query long enough to judge c/a.
// --profile-server <dir> writes a V8 CPU profile of the console's server process there (--cpu-prof).
// --also-node <path to a node binary> starts a second server under that runtime and measures (c), (d)
// and (e) on both in the same interleaved run (the runtime's share of the HTTP overhead).
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import pgvector from 'pgvector';
import { getCollection } from '@/lib/collections/catalog';
import { buildSearchSql, searchCollection } from '@/lib/search/search';
import { importText } from '@/lib/imports/memory-import';
import { createToken } from '@/lib/tokens/tokens';
import { createUser } from '@/lib/users/users';
import { withTransaction } from '@/lib/db/pools';
import { buildIfStale } from './build';
import { benchDatabase, DIM, loadBenchTable, vectors } from './bench-data';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 10_000);
// An HNSW build at --n 100000 runs longer than the console's 30 s default statement timeout.
process.env.DB_STATEMENT_TIMEOUT_MS ??= '3600000';
const QUERIES = arg('queries', 1000);
const IMPORT_N = arg('import-n', 5_000);
const EF = arg('ef', 0) || undefined;
const option = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
const PROFILE_DIR = option('profile-server');
const ALSO_NODE = option('also-node');
const K = 10;
const TABLE = 'recall_bench_vectors';
const COLLECTION = `public.${TABLE}.embedding`;
const log = (s: string) => console.log(s);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function time(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  version: string;
  request: (method: string, url: string, body?: unknown) => Promise<{ status: number; text: string }>;
  /** What the server measured itself of each (c): its handler from the token check's end to the answer, and the SQL in it. */
  inside: number[];
  insideDb: number[];
  stop: () => void;
}

/** `next start` of the built console under one Node runtime, on a free port, against the same database. */
async function startServer(node: string, token: string, profileDir?: string): Promise<Server> {
  const port = await freePort();
  const proc = spawn(node, [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), path.resolve('node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
    env: { ...process.env, AUTH_SECRET: randomBytes(32).toString('base64'), AUTH_TRUST_HOST: 'true', NEXT_TELEMETRY_DISABLED: '1', PROJECT_POOL_MAX: '4' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    if (i === 150) {
      proc.kill('SIGTERM');
      throw new Error(`the console under ${node} did not answer on ${base} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const version = execFileSync(node, ['-p', 'process.versions.node']).toString().trim();
  // One keep-alive connection, as a dashboard or agent client would hold.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method: string, url: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(`${base}${url}`, {
        method, agent,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  return {
    version, request, inside: [], insideDb: [],
    stop: () => {
      agent.destroy();
      proc.kill('SIGTERM');
    },
  };
}

async function main() {
  const { pool, close } = await benchDatabase(log);
  log(`loading ${N} × ${DIM} clustered vectors into ${TABLE} and building HNSW (m=16, ef_construction=200)…`);
  const buildSeconds = await loadBenchTable(pool, TABLE, N);
  log(`index built in ${buildSeconds.toFixed(1)} s`);

  const queries = vectors(QUERIES, 2);
  const options = { distance: 'cosine' as const, limit: K, min_similarity: 0, vectors: false };
  const collection = await getCollection(pool, COLLECTION, { counts: false });

  // Start the HTTP API against the same database, with a read token.
  buildIfStale(log, (line) => {
    throw new Error(line);
  });
  // A token acts with its creator's role, so it is made by a viewer of its own.
  const creator = await createUser(null, { email: `bench-${Date.now()}@bench.test`, name: 'bench', role: 'viewer', password: randomBytes(24).toString('base64url') });
  const { token } = await createToken({ id: creator.id, email: creator.email }, { name: `bench-${Date.now()}`, scope: 'read' });
  const servers = [await startServer(process.execPath, token, PROFILE_DIR)];
  if (ALSO_NODE) {
    try {
      servers.push(await startServer(ALSO_NODE, token));
    } catch (err) {
      servers[0].stop();
      throw err;
    }
  }

  const raw = async (v: number[]) => {
    const { sql, params } = buildSearchSql(collection, v, options);
    if (!EF) return pool.query(sql, params);
    // The same statements the console sends: BEGIN with its SET LOCAL, the query, COMMIT.
    return withTransaction(pool, (client) => client.query(sql, params), { localSettings: [`SET LOCAL hnsw.ef_search = ${EF}`] });
  };
  const console_ = (v: number[]) => searchCollection({ collection: COLLECTION, vector: v, ...options, explain: false, ef_search: EF });
  // (c), (d) and (e) for each server.
  const httpVariants = (s: Server) => ({
    http: async (v: number[]) => {
      const res = await s.request('POST', '/api/v1/memories/search', { collection: COLLECTION, vector: v, limit: K, min_similarity: 0, explain: false, ef_search: EF });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
      const { timings } = JSON.parse(res.text) as { timings: { totalMs: number; dbMs: number } };
      s.inside.push(timings.totalMs);
      s.insideDb.push(timings.dbMs);
    },
    // (d) The least any route handler of this app costs: one that does nothing but answer.
    floor: async () => {
      const res = await s.request('GET', '/api/health/live');
      if (res.status !== 200) throw new Error(`floor request: expected 200, got ${res.status}`);
      JSON.parse(res.text);
    },
    // (e) The search request with limit 0: refused by validation after the token check, before the database.
    refused: async (v: number[]) => {
      const res = await s.request('POST', '/api/v1/memories/search', { collection: COLLECTION, vector: v, limit: 0, min_similarity: 0, explain: false });
      if (res.status !== 400) throw new Error(`refused request: expected 400, got ${res.status}`);
      JSON.parse(res.text);
    },
  });
  const variants: [string, (v: number[]) => Promise<unknown>][] = [['raw', raw], ['console', console_]];
  servers.forEach((s, i) => {
    for (const [name, run] of Object.entries(httpVariants(s))) variants.push([`${name}${i}`, run]);
  });

  // Warm up every path, then measure them interleaved so drift affects every variant alike.
  for (const v of queries.slice(0, 20)) for (const [, run] of variants) await run(v);
  for (const s of servers) s.inside.length = s.insideDb.length = 0;
  const t: Record<string, number[]> = Object.fromEntries(variants.map(([name]) => [name, []]));
  // A new order each round: a variant run right after an HTTP request shares the CPU with the server's
  // own after-work (on 2 cores), so a fixed order would favour or penalise one variant throughout.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const v of queries) {
    for (let i = variants.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [variants[i], variants[j]] = [variants[j], variants[i]];
    }
    for (const [name, run] of variants) t[name].push(await time(() => run(v)));
  }
  for (const s of servers) s.stop();

  // recall@10 at the ef_search measured, against exact search.
  let recallSum = 0;
  for (const v of queries.slice(0, 100)) {
    const r = await searchCollection({ collection: COLLECTION, vector: v, ...options, explain: false, exact: true, ef_search: EF });
    recallSum += r.exact!.recall;
  }
  const recall = recallSum / Math.min(100, queries.length);

  // Import: the console's import path vs a raw multi-row INSERT of the same rows into the same table
  // and index. Inserting into HNSW costs more as the graph grows, so the two alternate in rounds and
  // each sees the same sequence of index sizes.
  const ROUNDS = 4;
  const perRound = Math.ceil(IMPORT_N / ROUNDS);
  let importMs = 0;
  let rawMs = 0;
  await pool.query("DELETE FROM memory_entries WHERE namespace LIKE 'recall_bench_%'");
  for (let round = 0; round < ROUNDS; round++) {
    // Different vectors of the same distribution for each side: re-inserting identical vectors
    // makes HNSW inserts artificially cheap.
    const rows = vectors(perRound, 10 + round);
    const rawRows = vectors(perRound, 100 + round);
    const jsonl = rows.map((v, i) => JSON.stringify({ key: `imp${i}`, value: `imported row ${i}`, embedding: v, tags: ['bench'] })).join('\n');
    importMs += await time(async () => {
      const outcome = await importText(null, jsonl, 'jsonl', { namespace: `recall_bench_import_${round}` });
      if (outcome.status !== 'done') throw new Error(outcome.message);
    });
    rawMs += await time(async () => {
      for (let i = 0; i < rawRows.length; i += 500) {
        const chunk = rawRows.slice(i, i + 500);
        const values = chunk.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4}::vector, '{}'::jsonb, ARRAY['bench'])`).join(', ');
        await pool.query(`INSERT INTO memory_entries (namespace, key, value, embedding, metadata, tags) VALUES ${values}`,
          chunk.flatMap((v, j) => [`recall_bench_raw_${round}`, `imp${i + j}`, `imported row ${i + j}`, pgvector.toSql(v)]));
      }
    });
  }
  await pool.query("DELETE FROM memory_entries WHERE namespace LIKE 'recall_bench_%'");
  await pool.query(`DROP TABLE ${TABLE}`);
  await pool.query('UPDATE recall.api_tokens SET revoked_at = NOW() WHERE revoked_at IS NULL AND name LIKE $1', ['bench-%']);

  const p = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95) });
  const a = p(t.raw);
  const b = p(t.console);
  const importRate = (perRound * ROUNDS) / (importMs / 1000);
  const rawRate = (perRound * ROUNDS) / (rawMs / 1000);
  const check = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  log('');
  log(`vectors ${N} × ${DIM}, ${QUERIES} queries, k=${K}, ${EF ? `ef_search ${EF}` : 'default ef_search'}; HTTP over one keep-alive http.Agent connection per server`);
  log(`(a) raw SQL through pg      p50 ${fmt(a.p50)}  p95 ${fmt(a.p95)}`);
  log(`(b) console search function p50 ${fmt(b.p50)}  p95 ${fmt(b.p95)}`);
  log(`b/a (p50) ${(b.p50 / a.p50).toFixed(3)}  target ≤ 1.1  ${check(b.p50 / a.p50 <= 1.1)}`);
  servers.forEach((s, i) => {
    const c = p(t[`http${i}`]);
    const d = p(t[`floor${i}`]);
    const e = p(t[`refused${i}`]);
    log(`server on Node ${s.version}${i ? ' (--also-node)' : ''}:`);
    log(`(c) HTTP API end to end     p50 ${fmt(c.p50)}  p95 ${fmt(c.p95)}`);
    log(`    of (c), inside the search handler p50 ${fmt(pct(s.inside, 50))}, its SQL p50 ${fmt(pct(s.insideDb, 50))}`);
    log(`(d) HTTP floor, minimal route handler (GET /api/health/live) p50 ${fmt(d.p50)}  p95 ${fmt(d.p95)}`);
    log(`(e) search refused by validation (token checked, no database) p50 ${fmt(e.p50)}  p95 ${fmt(e.p95)}`);
    log(`c − a (p50) ${fmt(c.p50 - a.p50)}  target ≤ d + 1 ms = ${fmt(d.p50 + 1)}  ${check(c.p50 - a.p50 <= d.p50 + 1)}`);
    log(`c/a (p50) ${(c.p50 / a.p50).toFixed(3)}  target ≤ 1.5 where the query takes ≥ 10 ms: ${a.p50 >= 10 ? check(c.p50 / a.p50 <= 1.5) : `n/a (a = ${fmt(a.p50)})`}`);
  });
  log(`recall@10 ${recall.toFixed(3)}  target ≥ 0.95  ${check(recall >= 0.95)}`);
  log(`import ${Math.round(importRate)} rows/s via the console, ${Math.round(rawRate)} rows/s raw INSERT: ratio ${(importRate / rawRate).toFixed(3)}  target ≥ 0.8  ${check(importRate / rawRate >= 0.8)}`);

  await close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
