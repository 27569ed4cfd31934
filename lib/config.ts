// Environment → typed settings. Variable names follow seed 000 (PROJECT_POOL_MAX, RUVECTOR_SSLMODE, …)
// so an existing deployment's .env works unchanged; DATABASE_URL / SHARED_DATABASE_URL take precedence.
import { z } from 'zod';

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** project and shared (seed 000), direct (migrations past a pooler), replica-1, replica-2, … */
export type PoolName = 'project' | 'shared' | 'direct' | `replica-${number}`;

export interface PoolSettings {
  name: PoolName;
  connectionString: string;
  min: number;
  max: number;
  ssl: { mode: SslMode; rootCert?: string; cert?: string; key?: string } | null;
  connectionTimeoutMillis: number;
  idleTimeoutMillis: number;
  /** 0: not sent, so the server's (or role's) own setting applies — what a transaction pooler needs. */
  statementTimeoutMillis: number;
  /** Connections API token traffic may hold at once; the rest are kept for pages and actions (lib/db/lanes.ts). Unset: all. */
  bulkMax?: number;
}

export class ConfigError extends Error {}

/** process.env, or any set of variables (tests pass their own). */
export type Env = Record<string, string | undefined>;

const intVar = (name: string, fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `${name}: expected a whole number` })
    .int(`${name}: expected a whole number`)
    .min(min, `${name}: must be at least ${min}`)
    .max(max, `${name}: must be at most ${max}`)
    .default(fallback);

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value === '' ? undefined : value);
  if (!r.success) throw new ConfigError(r.error.issues[0]?.message ?? 'invalid setting');
  return r.data;
}

/** A URL from parts (seed 000's RUVECTOR_HOST … / SHARED_KNOWLEDGE_HOST …), when no URL is given. */
function urlFromParts(env: Env, prefix: string): string | undefined {
  const host = env[`${prefix}_HOST`];
  if (!host) return undefined;
  const u = new URL('postgresql://localhost');
  u.hostname = host;
  u.port = env[`${prefix}_PORT`] ?? '5432';
  u.pathname = `/${env[`${prefix}_DB`] ?? 'postgres'}`;
  if (env[`${prefix}_USER`]) u.username = encodeURIComponent(env[`${prefix}_USER`]!);
  if (env[`${prefix}_PASSWORD`]) u.password = encodeURIComponent(env[`${prefix}_PASSWORD`]!);
  return u.toString();
}

function sslFrom(env: Env, prefix: string): PoolSettings['ssl'] {
  const mode = env[`${prefix}_SSLMODE`];
  if (!mode) return null;
  if (!(SSL_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError(`${prefix}_SSLMODE: expected one of ${SSL_MODES.join(', ')}, got "${mode}"`);
  }
  return {
    mode: mode as SslMode,
    rootCert: env[`${prefix}_SSLROOTCERT`],
    cert: env[`${prefix}_SSLCERT`],
    key: env[`${prefix}_SSLKEY`],
  };
}

export function checkDatabaseUrl(name: string, url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`${name}: not a valid URL (expected postgres://user:password@host:5432/database)`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new ConfigError(`${name}: expected a postgres:// or postgresql:// URL, got "${u.protocol}"`);
  }
  return url;
}

// Seed 000's two pools: where each finds its URL (or URL parts), its sizes and its TLS settings.
const POOLS = {
  project: { urlVar: 'DATABASE_URL', parts: 'RUVECTOR', size: 'PROJECT_POOL', min: 2, max: 40 },
  shared: { urlVar: 'SHARED_DATABASE_URL', parts: 'SHARED_KNOWLEDGE', size: 'SHARED_POOL', min: 1, max: 15 },
} as const;

function poolSettings(name: keyof typeof POOLS, env: Env): PoolSettings | null {
  const p = POOLS[name];
  const url = env[p.urlVar] || urlFromParts(env, p.parts);
  if (!url) return null;
  const max = parse(intVar(`${p.size}_MAX`, p.max, 1, 1000), env[`${p.size}_MAX`]);
  return {
    name,
    connectionString: checkDatabaseUrl(p.urlVar, url),
    min: parse(intVar(`${p.size}_MIN`, p.min, 0, 1000), env[`${p.size}_MIN`]),
    max,
    // 0: no lane, one first-come queue (the baseline npm run bench:load compares against).
    bulkMax: Math.min(max, parse(intVar(`${p.size}_BULK_MAX`, defaultBulkMax(max, env), 0, 1000), env[`${p.size}_BULK_MAX`])),
    ssl: sslFrom(env, p.parts),
    connectionTimeoutMillis: parse(intVar('DB_CONNECT_TIMEOUT_MS', 5000, 100, 120000), env.DB_CONNECT_TIMEOUT_MS),
    idleTimeoutMillis: 30_000,
    statementTimeoutMillis: statementTimeout(env),
  };
}

// The embedded engine runs one statement at a time (its pool is one connection): bulk may use it, but
// a waiting page gets it next. A real server keeps a fifth of the pool (at least one) for pages.
function defaultBulkMax(max: number, env: Env) {
  return engineKind(env) === 'embedded' ? Math.min(2, max) : Math.max(1, max - Math.max(1, Math.floor(max / 5)));
}

// 0 is allowed: PgBouncer refuses an unknown startup parameter, so behind it the timeout goes on the role.
function statementTimeout(env: Env) {
  const ms = parse(intVar('DB_STATEMENT_TIMEOUT_MS', 30000, 0, 86_400_000), env.DB_STATEMENT_TIMEOUT_MS);
  if (ms > 0 && ms < 100) throw new ConfigError('DB_STATEMENT_TIMEOUT_MS: must be 0 (not sent) or at least 100');
  return ms;
}

export const projectPoolSettings = (env: Env = process.env) => poolSettings('project', env);

/**
 * DIRECT_DATABASE_URL: the same database without the pooler in between (Supabase's "direct
 * connection", Neon's non-pooled host, RDS without RDS Proxy). Migrations and maintenance use it.
 */
export function directPoolSettings(env: Env = process.env): PoolSettings | null {
  const url = env.DIRECT_DATABASE_URL;
  if (!url) return null;
  checkDatabaseUrl('DIRECT_DATABASE_URL', url);
  return { ...poolSettings('project', { ...env, DATABASE_URL: url })!, name: 'direct', min: 0, max: 2, bulkMax: 2 };
}

/**
 * Read replicas of the project database: REPLICA_DATABASE_URL (comma-separated), or seed 000 style
 * RUVECTOR_REPLICA_HOSTS=host[:port],… with RUVECTOR_DB/USER/PASSWORD/SSL* as for the primary.
 */
export function replicaPoolSettings(env: Env = process.env): PoolSettings[] {
  let urls = (env.REPLICA_DATABASE_URL ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (!urls.length && env.RUVECTOR_REPLICA_HOSTS) {
    urls = env.RUVECTOR_REPLICA_HOSTS.split(',').map((h) => h.trim()).filter(Boolean).map((hostPort) => {
      const [host, port] = hostPort.split(':');
      return urlFromParts({ ...env, RUVECTOR_HOST: host, RUVECTOR_PORT: port || env.RUVECTOR_PORT }, 'RUVECTOR')!;
    });
  }
  return urls.map((url, i) => {
    checkDatabaseUrl(`REPLICA_DATABASE_URL (replica ${i + 1})`, url);
    const max = parse(intVar('REPLICA_POOL_MAX', 20, 1, 1000), env.REPLICA_POOL_MAX);
    return {
      ...poolSettings('project', { ...env, DATABASE_URL: url })!,
      name: `replica-${i + 1}` as const,
      min: parse(intVar('REPLICA_POOL_MIN', 0, 0, 1000), env.REPLICA_POOL_MIN),
      max,
      bulkMax: defaultBulkMax(max, env),
    };
  });
}

/** How far behind the primary a replica may be and still serve reads (REPLICA_MAX_LAG_MS). */
export const replicaMaxLagMs = (env: Env = process.env) => parse(intVar('REPLICA_MAX_LAG_MS', 10_000, 0, 86_400_000), env.REPLICA_MAX_LAG_MS);
/** How often each instance measures its replicas' lag and reachability (REPLICA_CHECK_INTERVAL_MS). */
export const replicaCheckIntervalMs = (env: Env = process.env) => parse(intVar('REPLICA_CHECK_INTERVAL_MS', 5_000, 100, 600_000), env.REPLICA_CHECK_INTERVAL_MS);
export const sharedPoolSettings = (env: Env = process.env) => poolSettings('shared', env);

/** Which engine serves the project database; set by scripts/start.ts for the app process. */
export function engineKind(env: Env = process.env): 'embedded' | 'server' {
  return env.RECALL_ENGINE === 'embedded' ? 'embedded' : 'server';
}

/** A URL safe to show: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '*****';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
