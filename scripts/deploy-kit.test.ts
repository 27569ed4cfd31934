// The production kit, checked against the code on paper (no Docker engine runs here): the compose
// file's topology and pool sizes, the Grafana dashboard's metrics against what /api/v1/metrics
// serves, and .env.example against the README and the variables the code reads.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderPrometheus } from '@/lib/metrics/prometheus';
import { emptyBuckets } from '@/lib/metrics/histogram';
import { directPoolSettings, projectPoolSettings, replicaPoolSettings } from '@/lib/config';

const read = (p: string) => fs.readFileSync(path.resolve(p), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }); // x-recall is merged into each instance (<<:)
const services = compose.services as Record<string, { image?: string; build?: unknown; environment?: Record<string, string>; command?: string[]; entrypoint?: string[]; volumes?: string[] }>;
const dashboard = JSON.parse(read('deploy/grafana/dashboards/recall.json'));
const envExample = read('.env.example');
const envNames = new Set([...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

/** The values docker compose would pass, with ${VAR:-default} / ${VAR:?msg} / ${VAR} filled from vars. */
const interpolate = (value: string, vars: Record<string, string>) =>
  value.replace(/\$\{([A-Z_]+)(?::[-?]([^}]*))?\}/g, (_, name, fallback) => vars[name] ?? (fallback && !/^set /.test(fallback) ? fallback : ''));
const vars = { POSTGRES_PASSWORD: 'pw', REPLICATION_PASSWORD: 'rpw', AUTH_SECRET: 's', RECALL_ADMIN_PASSWORD: 'a', GRAFANA_ADMIN_PASSWORD: 'g' };
const recallEnv = (name: string) => Object.fromEntries(Object.entries(services[name].environment!).map(([k, v]) => [k, interpolate(String(v), vars)]));
const pgSetting = (command: string[] | string, name: string) => {
  const text = Array.isArray(command) ? command.join(' ') : command;
  const m = new RegExp(`${name}=(\\S+)`).exec(text);
  return m ? m[1] : undefined;
};
const ini = Object.fromEntries([...read('deploy/pgbouncer/pgbouncer.ini').matchAll(/^([a-z_]+)\s*=\s*(.*)$/gm)].map((m) => [m[1], m[2].trim()]));

describe('docker-compose.yml', () => {
  it('has the whole topology: pgvector 17 primary and replica, PgBouncer, Redis, two Recall instances, Caddy, Prometheus, Grafana', () => {
    for (const s of ['primary', 'replica', 'pgbouncer', 'redis', 'recall-1', 'recall-2', 'caddy', 'prometheus', 'grafana']) expect(services[s], s).toBeDefined();
    expect(services.primary.image).toBe('pgvector/pgvector:pg17');
    expect(services.replica.image).toBe('pgvector/pgvector:pg17');
    expect(services['recall-1'].build).toBe('.');
    expect(pgSetting(services.primary.command!, 'wal_level')).toBe('replica');
    expect(read('deploy/postgres/replica-entrypoint.sh')).toMatch(/pg_basebackup -h primary .* -R /);
    expect(read('deploy/postgres/primary-init.sh')).toMatch(/host replication replicator all/);
    expect(read('deploy/caddy/Caddyfile')).toMatch(/reverse_proxy recall-1:3000 recall-2:3000/);
  });

  it('each instance reaches the primary through PgBouncer, migrates on the direct URL, reads the replica, shares Redis', () => {
    for (const name of ['recall-1', 'recall-2']) {
      const env = recallEnv(name);
      // The code parses them as it would at start-up (a bad URL or size throws here).
      expect(new URL(projectPoolSettings(env)!.connectionString).host).toBe('pgbouncer:6432');
      expect(new URL(directPoolSettings(env)!.connectionString).host).toBe('primary:5432');
      expect(replicaPoolSettings(env).map((r) => new URL(r.connectionString).host)).toEqual(['replica:5432']);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.AUTH_SECRET).toBe('s');
      // Every variable given to Recall is one it documents.
      for (const k of Object.keys(env)) expect(envNames.has(k), `${k} in .env.example`).toBe(true);
    }
  });

  it('PgBouncer pools in transaction mode and passes the statement_timeout parameter over', () => {
    expect(ini.pool_mode).toBe('transaction');
    expect(ini.ignore_startup_parameters.split(',')).toContain('statement_timeout');
    expect(read('deploy/postgres/primary-init.sh')).toMatch(/SET statement_timeout = '30s'/);
  });

  it('pool sizes fit: instances × pool ≤ the pooler\'s clients; pooler + direct pools ≤ the primary\'s max_connections; replica pools ≤ the replica\'s', () => {
    const instances = ['recall-1', 'recall-2'].map(recallEnv);
    const clients = instances.reduce((n, env) => n + projectPoolSettings(env)!.max, 0);
    expect(clients).toBeLessThanOrEqual(Number(ini.max_client_conn));
    const primaryMax = Number(pgSetting(services.primary.command!, 'max_connections'));
    const direct = instances.reduce((n, env) => n + directPoolSettings(env)!.max, 0);
    const superuserReserved = 3;
    expect(Number(ini.default_pool_size) + Number(ini.reserve_pool_size ?? 0) + direct + superuserReserved).toBeLessThanOrEqual(primaryMax);
    const replicaMax = Number(pgSetting(read('deploy/postgres/replica-entrypoint.sh'), 'max_connections'));
    // A hot standby refuses to start with fewer connections than its primary.
    expect(replicaMax).toBeGreaterThanOrEqual(primaryMax);
    expect(instances.reduce((n, env) => n + replicaPoolSettings(env)[0].max, 0)).toBeLessThanOrEqual(replicaMax);
  });

  it('Prometheus scrapes /api/v1/metrics of both instances with a token; Grafana provisions the dashboard', () => {
    const prom = parse(read('deploy/prometheus/prometheus.yml'));
    const job = prom.scrape_configs[0];
    expect(job.metrics_path).toBe('/api/v1/metrics');
    expect(job.static_configs[0].targets).toEqual(['recall-1:3000', 'recall-2:3000']);
    expect(job.authorization.type).toBe('Bearer');
    const provider = parse(read('deploy/grafana/provisioning/dashboards/recall.yml')).providers[0];
    expect(services.grafana.volumes!.some((v) => v.endsWith(`:${provider.options.path}:ro`))).toBe(true);
  });
});

describe('Grafana dashboard', () => {
  const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
  // Everything renderPrometheus can emit, with a replica and import totals present.
  const exposition = renderPrometheus({
    pools: [{ name: 'project', up: true, inUse: 1, idle: 1, waiting: 0, max: 4 }, { name: 'replica-1', up: true, inUse: 0, idle: 1, waiting: 0, max: 4, replica: { lagSeconds: 0.1, inRotation: true } }],
    operations: new Map([['project|memory.search', { calls: 1, errors: 0, totalMs: 1, buckets: emptyBuckets() }]]),
    tables: [{ schema: 'public', table: 'memory_entries', rows: 1 }],
    imports: { rows: [{ targetKind: 'namespace', rows: 1 }], jobs: [{ status: 'running', jobs: 0 }] },
  });
  const served = new Set([...exposition.matchAll(/^([a-z_:]+)[{ ]/gm)].map((m) => m[1]));

  it('uses only metric names /api/v1/metrics serves', () => {
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\brecall_[a-z_]+/g)].map((m) => m[0])));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(served.has(name), name).toBe(true);
  });

  it('shows pool usage, p50/p95/p99 latency per operation, errors, import throughput and replica lag', () => {
    const has = (re: RegExp) => exprs.some((e) => re.test(e));
    expect(has(/recall_pool_connections\{state="in_use"\}.*recall_pool_max_connections/)).toBe(true);
    for (const q of ['0.5', '0.95', '0.99']) expect(has(new RegExp(`histogram_quantile\\(${q}, sum by \\(le, operation\\)`))).toBe(true);
    expect(has(/rate\(recall_query_errors_total/)).toBe(true);
    expect(has(/rate\(recall_import_rows_total/)).toBe(true);
    expect(has(/recall_replica_lag_seconds/)).toBe(true);
    expect(new Set(dashboard.panels.map((p: { id: number }) => p.id)).size).toBe(dashboard.panels.length);
  });
});

describe('.env.example', () => {
  it('lists every variable the README documents', () => {
    const readme = read('README.md');
    // NAME, or NAME* / NAME_* for a family of variables.
    const documented = new Set([...readme.matchAll(/\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(_?\*)?/g)].map((m) => m[1] + (m[2] ?? '')));
    expect(documented.size).toBeGreaterThan(20);
    for (const v of documented) {
      if (v.endsWith('*')) expect([...envNames].some((n) => n.startsWith(v.slice(0, -1))), v).toBe(true);
      else expect(envNames.has(v), v).toBe(true);
    }
  });

  it('lists only variables something reads (the code, or docker compose)', () => {
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return p.includes('generated') ? [] : walk(p);
        return /\.tsx?$/.test(e.name) ? [read(p)] : [];
      });
    const code = [...['lib', 'scripts', 'app'].flatMap(walk), read('next.config.ts')].join('\n');
    const composeText = read('docker-compose.yml');
    // Read by libraries, not by Recall's own code.
    // REDIS_URL: the state backend (rate limits, embedding cache) reads it; it lands with that branch.
    const byLibraries = new Set(['NODE_ENV', 'AUTH_TRUST_HOST', 'RECALL_CHROMIUM', 'REDIS_URL']);
    for (const v of envNames) {
      // RUVECTOR_DB etc. are built from a prefix (`${prefix}_DB`).
      const suffix = v.replace(/^(RUVECTOR|SHARED_KNOWLEDGE|PROJECT_POOL|SHARED_POOL|REPLICA_POOL)_/, '_');
      const known = code.includes(v) || code.includes(`\`\${prefix}${suffix}\``) || code.includes(`${suffix}\``) || composeText.includes(`\${${v}`) || byLibraries.has(v);
      expect(known, v).toBe(true);
    }
  });
});
