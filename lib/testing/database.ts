// Test databases. The embedded engine is the real PGlite served over the wire protocol, reached
// through the same pools the console uses; NATIVE_PG is the machine's PostgreSQL 15 (with pgvector
// once ../shared/tools/install-pgvector has run) for what needs a real multi-connection server.
import pg from 'pg';
import { startEmbeddedEngine, type EmbeddedEngine } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrator';
import { createPool, projectPool } from '@/lib/db/pools';
import { seedDemoData } from '@/lib/seed/demo';

export const NATIVE_PG_URL = process.env.RECALL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface NativeServer {
  /** Why tests that need it are skipped, or null when the server answers. */
  missing: string | null;
  /** Why tests that need pgvector on it are skipped, or null when it can be created. */
  missingVector: string | null;
}

/**
 * Whether the native server (RECALL_TEST_PG_URL) answers and has pgvector, asked once per test file
 * so its tests can `describe.skipIf(...)` with the reason instead of failing on a machine without it.
 */
export async function probeNativeServer(): Promise<NativeServer> {
  const c = new pg.Client({ connectionString: NATIVE_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const { rows } = await c.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    return { missing: null, missingVector: rows.length ? null : `pgvector is not installed on ${new URL(NATIVE_PG_URL).host} (run ../shared/tools/install-pgvector)` };
  } catch (err) {
    const reason = `no PostgreSQL at ${new URL(NATIVE_PG_URL).host} (${(err as Error).message}); set RECALL_TEST_PG_URL`;
    return { missing: reason, missingVector: reason };
  } finally {
    await c.end().catch(() => {});
  }
}

/** Prints why a native-server suite is skipped, so a green run still says what it did not test. */
export function skipNotice(suite: string, reason: string | null): boolean {
  if (reason) console.warn(`[skipped] ${suite}: ${reason}`);
  return Boolean(reason);
}

/**
 * Starts an in-memory embedded engine, points DATABASE_URL (and so projectPool()/prisma()) at it,
 * and migrates it. One per test file: vitest runs each file in its own process.
 */
export async function startTestDatabase(opts: { seed?: boolean } = {}): Promise<EmbeddedEngine> {
  const engine = await startEmbeddedEngine({ maxConnections: 16 });
  process.env.DATABASE_URL = engine.url;
  // One connection, as npm start uses on the embedded engine (see scripts/start.ts).
  process.env.PROJECT_POOL_MAX = '1';
  process.env.PROJECT_POOL_MIN = '0';
  await migrate(projectPool());
  if (opts.seed) await seedDemoData(projectPool());
  return engine;
}

export async function stopTestDatabase(engine: EmbeddedEngine) {
  await projectPool().end().catch(() => {});
  await engine.stop();
}

/**
 * A fresh, uniquely named database on the native server; dropped by the returned function. With
 * `unprivileged`, it belongs to a new login role without superuser rights (as on a managed server),
 * and the URL connects as that role.
 */
export async function createNativeDatabase(prefix: string, opts: { unprivileged?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const role = opts.unprivileged ? `${name}_owner` : null;
  const admin = new pg.Client({ connectionString: NATIVE_PG_URL });
  await admin.connect();
  if (role) await admin.query(`CREATE ROLE "${role}" LOGIN NOSUPERUSER`);
  await admin.query(`CREATE DATABASE "${name}"${role ? ` OWNER "${role}"` : ''}`);
  await admin.end();
  const url = new URL(NATIVE_PG_URL);
  url.pathname = `/${name}`;
  if (role) {
    url.username = role;
    url.password = '';
  }
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: NATIVE_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      if (role) await c.query(`DROP ROLE IF EXISTS "${role}"`);
      await c.end();
    },
  };
}

/** A pool on any URL with the console's instrumentation, for tests that need their own. */
export function testPool(url: string, opts: { max?: number; bulkMax?: number; statementTimeoutMillis?: number } = {}) {
  return createPool({
    name: 'project', connectionString: url, min: 0, max: opts.max ?? 4, bulkMax: opts.bulkMax, ssl: null,
    connectionTimeoutMillis: 3000, idleTimeoutMillis: 1000, statementTimeoutMillis: opts.statementTimeoutMillis ?? 30_000,
  });
}
