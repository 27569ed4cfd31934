// Test databases. The embedded engine is the real PGlite served over the wire protocol, reached
// through the same pools the console uses; NATIVE_PG is the machine's PostgreSQL 15 for what needs a
// real multi-connection server (with pgvector once ../shared/tools/install-pgvector has run).
import pg from 'pg';
import { startEmbeddedEngine, type EmbeddedEngine } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrator';
import { createPool, projectPool } from '@/lib/db/pools';
import { seedDemoData } from '@/lib/seed/demo';

export const NATIVE_PG_URL = process.env.RECALL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

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
 * Whether the native server is reachable and offers pgvector: null when it does, else why not (for
 * `describe.skipIf(...)` and its message). Tests that need vectors on a real server skip without it.
 */
export async function nativeUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: NATIVE_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    return rows.length ? null : `the PostgreSQL server at ${new URL(NATIVE_PG_URL).host} has no pgvector (run ../shared/tools/install-pgvector)`;
  } catch (err) {
    return `no PostgreSQL server at ${new URL(NATIVE_PG_URL).host} (${(err as Error).message}); set RECALL_TEST_PG_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** True when native tests can run; logs why they are skipped otherwise. */
export async function nativeAvailable(): Promise<boolean> {
  const reason = await nativeUnavailable();
  if (reason) console.warn(`Skipping native PostgreSQL tests: ${reason}`);
  return reason === null;
}

/** A fresh, uniquely named database on the native server; dropped by the returned function. */
export async function createNativeDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: NATIVE_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(NATIVE_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: NATIVE_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A pool on any URL with the console's instrumentation, for tests that need their own. */
export function testPool(url: string, opts: { max?: number; statementTimeoutMillis?: number } = {}) {
  return createPool({
    name: 'project', connectionString: url, min: 0, max: opts.max ?? 4, ssl: null,
    connectionTimeoutMillis: 3000, idleTimeoutMillis: 1000, statementTimeoutMillis: opts.statementTimeoutMillis ?? 30_000,
  });
}
