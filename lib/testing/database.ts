// Test databases. The embedded engine is the real PGlite served over the wire protocol, reached
// through the same pools the console uses; NATIVE_PG is the machine's PostgreSQL 15 (no pgvector)
// for what needs a real multi-connection server.
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
