// One set-up for test files that run the console's own code on the native server.
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '@/lib/db/migrator';
import { projectPool } from '@/lib/db/pools';
import { seedDemoData } from '@/lib/seed/demo';
import { createNativeDatabase } from './database';

/**
 * Before the tests around it: a fresh database on the native server that projectPool() and prisma()
 * use, migrated (and seeded with `seed`). After them: the pool ended and the database dropped.
 * Call it first in the file or describe block, so its own set-up can build on the database (and its
 * clean-up runs last). `url` is set once the database exists, for a test's connections of its own.
 */
export function useNativeProjectDatabase(prefix: string, opts: { poolMax: number; seed?: boolean; timeoutMs?: number }) {
  const db = { url: '' };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await createNativeDatabase(prefix);
    drop = created.drop;
    db.url = created.url;
    process.env.DATABASE_URL = created.url;
    process.env.PROJECT_POOL_MAX = String(opts.poolMax);
    await migrate(projectPool());
    if (opts.seed) await seedDemoData(projectPool());
  }, opts.timeoutMs ?? 240_000);
  afterAll(async () => {
    await projectPool().end();
    await drop?.();
  });
  return db;
}
