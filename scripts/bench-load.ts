// `npm run bench:load -- --url http://localhost:3000 --token rcl_… [--clients 50 --writers 5 --seconds 60 --dimension 384]`
// Load against a running console over keep-alive HTTP: `clients` searchers (POST /api/v1/memories/search
// with a random vector) and `writers` writers (POST /api/v1/memories, keys recorded), for `seconds`.
// Prints throughput, p50/p95/p99 per kind and responses by status. Stop or restart the database
// meanwhile to see the console under a fault: it should answer 503 (never 500) and recover by itself.
import http from 'node:http';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const URL_BASE = arg('url', process.env.RECALL_URL ?? 'http://localhost:3000');
const TOKEN = arg('token', process.env.RECALL_TOKEN ?? '');
const CLIENTS = Number(arg('clients', '50'));
const WRITERS = Number(arg('writers', '5'));
const SECONDS = Number(arg('seconds', '60'));
const DIMENSION = Number(arg('dimension', '384'));

if (!TOKEN) {
  console.error('usage: npm run bench:load -- --url http://localhost:3000 --token rcl_… (a write-scope token from Settings)');
  process.exit(2);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + WRITERS });

function post(path: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  const url = new URL(path, URL_BASE);
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(-1)); // no HTTP answer at all (the console itself is down)
    req.end(data);
  });
}

const randomVector = () => {
  const v = Array.from({ length: DIMENSION }, () => Math.random() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function main() {
  const until = Date.now() + SECONDS * 1000;
  const times: Record<'search' | 'write', number[]> = { search: [], write: [] };
  const statuses: Record<string, number> = {};
  let acknowledged = 0;
  const run = async (kind: 'search' | 'write', id: number) => {
    for (let n = 0; Date.now() < until; n++) {
      const started = performance.now();
      const status = kind === 'search'
        ? await post('/api/v1/memories/search', { vector: randomVector(), limit: 10, min_similarity: 0 })
        : await post('/api/v1/memories', { namespace: 'bench_load', key: `w${id}-${n}-${Date.now()}`, value: 'load test entry' });
      times[kind].push(performance.now() - started);
      statuses[`${kind} ${status}`] = (statuses[`${kind} ${status}`] ?? 0) + 1;
      if (kind === 'write' && status >= 200 && status < 300) acknowledged++;
      if (status === 503 || status < 0) await new Promise((r) => setTimeout(r, 100)); // back off briefly
    }
  };
  console.log(`[bench:load] ${CLIENTS} searchers + ${WRITERS} writers for ${SECONDS} s against ${URL_BASE}`);
  const t0 = performance.now();
  await Promise.all([...Array.from({ length: CLIENTS }, (_, i) => run('search', i)), ...Array.from({ length: WRITERS }, (_, i) => run('write', i))]);
  const elapsed = (performance.now() - t0) / 1000;
  for (const kind of ['search', 'write'] as const) {
    const sorted = [...times[kind]].sort((a, b) => a - b);
    console.log(
      `[bench:load] ${kind}: ${sorted.length} requests, ${(sorted.length / elapsed).toFixed(1)}/s, ` +
        `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    );
  }
  console.log(`[bench:load] acknowledged writes: ${acknowledged}`);
  console.log(`[bench:load] responses by status: ${JSON.stringify(statuses)}`);
  const bad = Object.entries(statuses).filter(([k]) => /\s(5\d\d)$/.test(k) && !k.endsWith(' 503'));
  if (bad.length) console.log(`[bench:load] server errors other than 503: ${JSON.stringify(Object.fromEntries(bad))}`);
  agent.destroy();
}

void main();
