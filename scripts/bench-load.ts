// `npm run bench:load -- --url http://localhost:3000 --token rcl_… [--clients 50 --writers 5 --seconds 60 --dimension 384]
//    [--email admin@… --password … --page /] [--compare-url http://localhost:3001 --compare-token rcl_…]`
// Load against a running console over keep-alive HTTP: `clients` searchers (POST /api/v1/memories/search
// with a random vector) and `writers` writers (POST /api/v1/memories, keys recorded), for `seconds`.
// Prints throughput, p50/p95/p99 per kind and responses by status. Stop or restart the database
// meanwhile to see the console under a fault: it should answer 503 (never 500) and recover by itself.
// With --email/--password one signed-in browser opens `page` over and over meanwhile, and its latency is
// printed beside the idle figure. With --compare-url (a second console, e.g. without the priority lane:
// PROJECT_POOL_BULK_MAX=PROJECT_POOL_MAX) the run alternates between the two every --phase-seconds, so
// both see the same machine, and prints the two page latencies and their ratio.
import http from 'node:http';
import os from 'node:os';

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
const EMAIL = arg('email', process.env.RECALL_EMAIL ?? '');
const PASSWORD = arg('password', process.env.RECALL_PASSWORD ?? '');
const PAGE = arg('page', '/');
const COMPARE_URL = arg('compare-url', '');
const COMPARE_TOKEN = arg('compare-token', TOKEN);
const PHASE_SECONDS = Number(arg('phase-seconds', '10'));
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + WRITERS + 2 });

interface Answer {
  status: number;
  cookies: string[];
  location?: string;
  body: string;
}

function request(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve) => {
    const headers = { ...opts.headers, ...(opts.body ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}) };
    const req = http.request(url, { method: opts.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [], location: res.headers.location, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', () => resolve({ status: -1, cookies: [], body: '' })); // no HTTP answer at all (the console itself is down)
    req.end(opts.body);
  });
}

const post = (base: string, token: string, path: string, body: unknown) =>
  request(base, path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((a) => a.status);

const cookiePairs = (set: string[]) => set.map((c) => c.split(';')[0]);

/** A browser session through Auth.js's credentials callback: the Cookie header a signed-in page request sends. */
async function signIn(base: string): Promise<string> {
  const csrf = await request(base, '/api/auth/csrf');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const jar = cookiePairs(csrf.cookies);
  const form = new URLSearchParams({ email: EMAIL, password: PASSWORD, csrfToken, callbackUrl: base }).toString();
  const res = await request(base, '/api/auth/callback/credentials', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') }, body: form,
  });
  const all = [...jar, ...cookiePairs(res.cookies)];
  if (!all.some((c) => /session-token=/.test(c))) throw new Error(`sign-in at ${base} failed (status ${res.status}); check --email and --password`);
  return all.join('; ');
}

const randomVector = () => {
  const v = Array.from({ length: DIMENSION }, () => Math.random() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

interface Target {
  name: string;
  url: string;
  token: string;
  cookie: string | null;
  idle: number[];
  loaded: number[];
}

const summary = (sorted: number[]) =>
  `p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms (${sorted.length} loads)`;

const pageStatuses: Record<number, number> = {};

/** One browser tab reopening the page until `until`; its latencies go to `into`. */
async function probePage(t: Target, until: () => boolean, into: number[]) {
  while (!until()) {
    const started = performance.now();
    const res = await request(t.url, PAGE, { headers: { cookie: t.cookie! } });
    pageStatuses[res.status] = (pageStatuses[res.status] ?? 0) + 1;
    if (res.status === 200) into.push(performance.now() - started);
    else await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const targets: Target[] = [{ name: COMPARE_URL ? 'A' : 'console', url: URL_BASE, token: TOKEN, cookie: null, idle: [], loaded: [] }];
  if (COMPARE_URL) targets.push({ name: 'B', url: COMPARE_URL, token: COMPARE_TOKEN, cookie: null, idle: [], loaded: [] });
  if (EMAIL && PASSWORD) {
    for (const t of targets) {
      t.cookie = await signIn(t.url);
      // The page on a quiet console first (its first load compiles nothing in production, but warms caches).
      await request(t.url, PAGE, { headers: { cookie: t.cookie } });
      let n = 0;
      await probePage(t, () => n++ >= 10, t.idle);
    }
  }
  const times: Record<'search' | 'write', number[]> = { search: [], write: [] };
  const statuses: Record<string, number> = {};
  let acknowledged = 0;
  const until = Date.now() + SECONDS * 1000;
  // Which console the load goes to now: alternating phases with --compare-url.
  const current = () => targets[Math.floor((Date.now() - (until - SECONDS * 1000)) / (PHASE_SECONDS * 1000)) % targets.length];
  const run = async (kind: 'search' | 'write', id: number) => {
    for (let n = 0; Date.now() < until; n++) {
      const t = current();
      const started = performance.now();
      const status = kind === 'search'
        ? await post(t.url, t.token, '/api/v1/memories/search', { vector: randomVector(), limit: 10, min_similarity: 0 })
        : await post(t.url, t.token, '/api/v1/memories', { namespace: 'bench_load', key: `w${id}-${n}-${Date.now()}`, value: 'load test entry' });
      times[kind].push(performance.now() - started);
      statuses[`${kind} ${status}`] = (statuses[`${kind} ${status}`] ?? 0) + 1;
      if (kind === 'write' && status >= 200 && status < 300) acknowledged++;
      if (status === 503 || status < 0) await new Promise((r) => setTimeout(r, 100)); // back off briefly
    }
  };
  const prober = async () => {
    while (Date.now() < until) {
      const t = current();
      const phaseEnd = until - SECONDS * 1000 + (Math.floor((Date.now() - (until - SECONDS * 1000)) / (PHASE_SECONDS * 1000)) + 1) * PHASE_SECONDS * 1000;
      // The first second of a phase lets the load reach the console.
      await new Promise((r) => setTimeout(r, 1000));
      await probePage(t, () => Date.now() >= Math.min(phaseEnd, until), t.loaded);
    }
  };
  console.log(`[bench:load] ${CLIENTS} searchers + ${WRITERS} writers for ${SECONDS} s against ${targets.map((t) => `${t.name} ${t.url}`).join(' and ')}${targets.length > 1 ? `, alternating every ${PHASE_SECONDS} s` : ''}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const t0 = performance.now();
  await Promise.all([
    ...Array.from({ length: CLIENTS }, (_, i) => run('search', i)),
    ...Array.from({ length: WRITERS }, (_, i) => run('write', i)),
    ...(targets[0].cookie ? [prober()] : []),
  ]);
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
  if (targets[0].cookie) {
    for (const t of targets) {
      console.log(`[bench:load] page ${PAGE} on ${t.name}: idle ${summary([...t.idle].sort((a, b) => a - b))}; under the API load ${summary([...t.loaded].sort((a, b) => a - b))}`);
    }
    console.log(`[bench:load] page responses by status: ${JSON.stringify(pageStatuses)}`);
    if (targets.length > 1) {
      const p50 = (t: Target) => percentile([...t.loaded].sort((a, b) => a - b), 50);
      console.log(`[bench:load] page p50 under load, B / A: ${(p50(targets[1]) / p50(targets[0])).toFixed(2)}`);
    }
  }
  console.log(`[bench:load] load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  agent.destroy();
}

void main();
