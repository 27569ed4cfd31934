// `npm run probe:pages -- --url http://localhost:3000 --email … --password … --db-url postgres://… [--seconds 60]`
// One signed-in client opening every console page (all of app/(console)/**/page.tsx, dynamic ones with
// ids read from the database at the start) one after another, over and over, for `seconds`; prints each
// second's responses by status and, at the end, every response that was not 2xx/3xx/503, and whether
// 503s carried Retry-After and the outage state. Kill or stop the database meanwhile to see what pages
// answer during an outage (issue #16: never 500).
import http from 'node:http';
import pg from 'pg';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const BASE = arg('url', 'http://localhost:3000');
const EMAIL = arg('email', process.env.RECALL_EMAIL ?? '');
const PASSWORD = arg('password', process.env.RECALL_PASSWORD ?? '');
const DB_URL = arg('db-url', process.env.DATABASE_URL ?? '');
const SECONDS = Number(arg('seconds', '60'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

interface Answer { status: number; cookies: string[]; headers: http.IncomingHttpHeaders; body: string }

function request(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const headers = { ...opts.headers, ...(opts.body ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}) };
    const req = http.request(new URL(path, BASE), { method: opts.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [], headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', () => resolve({ status: -1, cookies: [], headers: {}, body: '' }));
    req.end(opts.body);
  });
}

const pairs = (set: string[]) => set.map((c) => c.split(';')[0]);

async function signIn(): Promise<string> {
  const csrf = await request('/api/auth/csrf');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const jar = pairs(csrf.cookies);
  const form = new URLSearchParams({ email: EMAIL, password: PASSWORD, csrfToken, callbackUrl: BASE }).toString();
  const res = await request('/api/auth/callback/credentials', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') }, body: form });
  const all = [...jar, ...pairs(res.cookies)];
  if (!all.some((c) => /session-token=/.test(c))) throw new Error(`sign-in failed (status ${res.status}); check --email and --password`);
  return all.join('; ');
}

/** Every console page, with ids of rows that exist for the dynamic ones. */
async function pages(): Promise<string[]> {
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  const one = async (sql: string) => ((await db.query(sql)).rows[0] ?? {}) as Record<string, string>;
  const entry = await one('SELECT namespace, key FROM memory_entries ORDER BY namespace, key LIMIT 1');
  const agentRow = await one('SELECT id FROM agents ORDER BY id LIMIT 1');
  const template = await one('SELECT id::text FROM templates ORDER BY id LIMIT 1');
  const generation = await one('SELECT id::text FROM generations ORDER BY id LIMIT 1');
  await db.end();
  const e = encodeURIComponent;
  const c = `/collections/${e('public.memory_entries.embedding')}`;
  return [
    '/', '/namespaces', `/namespaces/${e(entry.namespace)}`, `/namespaces/${e(entry.namespace)}/${e(entry.key)}`, '/session-memory',
    '/agents', `/agents/${e(agentRow.id)}`, '/feedback', '/review', '/costs', '/search?q=connection+pool', '/templates', '/templates/new',
    `/templates/${e(template.id)}`, `/generations/${e(generation.id)}`, '/settings', '/settings/users', '/settings/audit', '/settings/tokens',
    '/settings/review-rules', '/settings/embeddings', '/api-reference', '/health', '/import', '/memories/new', '/collections', c,
    `${c}/health`, `${c}/map`, `${c}/duplicates`, '/login',
  ];
}

async function main() {
  if (!EMAIL || !PASSWORD || !DB_URL) throw new Error('--email, --password and --db-url are required');
  const list = await pages();
  const cookie = await signIn();
  const started = Date.now();
  const perSecond = new Map<number, Record<string, number>>();
  const odd: string[] = [];
  const totals: Record<string, number> = {};
  let s503 = 0;
  let s503Retry = 0;
  let s503State = 0;
  let toOutage = 0;
  const noState = new Map<string, number>();
  for (let i = 0; Date.now() - started < SECONDS * 1000; i++) {
    const path = list[i % list.length];
    const t0 = Date.now();
    const res = await request(path, { headers: { cookie } });
    const second = Math.floor((t0 - started) / 1000);
    const key = String(res.status);
    const bucket = perSecond.get(second) ?? {};
    bucket[key] = (bucket[key] ?? 0) + 1;
    perSecond.set(second, bucket);
    totals[key] = (totals[key] ?? 0) + 1;
    if (res.status === 307 && String(res.headers.location ?? '').startsWith('/outage')) toOutage++;
    if (res.status === 503) {
      s503++;
      if (res.headers['retry-after']) s503Retry++;
      if (/database-down|not answering/.test(res.body)) s503State++;
      else noState.set(path, (noState.get(path) ?? 0) + 1);
    } else if (res.status >= 400 || res.status < 0) {
      odd.push(`${((t0 - started) / 1000).toFixed(1)} s ${path} → ${res.status}${/database-down|not answering/.test(res.body) ? ' (outage state shown)' : ''}`);
    }
  }
  for (const [second, bucket] of [...perSecond].sort((a, b) => a[0] - b[0])) console.log(`[probe:pages] ${String(second).padStart(3)} s ${JSON.stringify(bucket)}`);
  console.log(`[probe:pages] ${list.length} pages, ${Object.values(totals).reduce((a, b) => a + b, 0)} responses by status: ${JSON.stringify(totals)}`);
  console.log(`[probe:pages] 503: ${s503}, with Retry-After ${s503Retry}, showing the outage state ${s503State}`);
  console.log(`[probe:pages] redirects to /outage (a render that met the outage): ${toOutage}; 503 without the outage state in its HTML: ${[...noState].map(([p, n]) => `${p} ×${n}`).join(', ') || 'none'}`);
  for (const line of odd) console.log(`[probe:pages] not 2xx/3xx/503: ${line}`);
  agent.destroy();
}

main().catch((err) => {
  console.error(`[probe:pages] ${(err as Error).message}`);
  process.exit(1);
});
