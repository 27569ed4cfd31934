// DIRECT_DATABASE_URL: the database without a pooler in between, for what must hold one session
// (migrations under a lock, VACUUM/REINDEX with their own timeout). The project pool when unset.
import { directPoolSettings } from '@/lib/config';
import { createPool, projectPool, type InstrumentedPool } from './pools';

const globalForDirect = globalThis as unknown as { __recallDirectPool?: InstrumentedPool | null };

/** The pool on DIRECT_DATABASE_URL (migrations, maintenance), or null when it is not set. */
export function directPool(): InstrumentedPool | null {
  if (globalForDirect.__recallDirectPool === undefined) {
    const settings = directPoolSettings();
    globalForDirect.__recallDirectPool = settings ? createPool(settings) : null;
  }
  return globalForDirect.__recallDirectPool;
}

export async function endDirectPool() {
  const pool = globalForDirect.__recallDirectPool;
  globalForDirect.__recallDirectPool = undefined;
  await pool?.end();
}

/** Where migrations and maintenance run: the direct pool when there is one, else the project pool. */
export const sessionPool = (): InstrumentedPool => directPool() ?? projectPool();
