// The console's one way to reach a database: a `pg` Pool per configured database (project, and
// shared when SHARED_DATABASE_URL is set), whether the server is the embedded engine or a real one.
import fs from 'node:fs';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { projectPoolSettings, sharedPoolSettings, type PoolSettings } from '@/lib/config';

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

function sslOption(ssl: PoolSettings['ssl']): pg.PoolConfig['ssl'] {
  if (!ssl) return undefined;
  switch (ssl.mode) {
    case 'disable':
    case 'allow':
    case 'prefer': // pg cannot fall back from TLS to plain, so "prefer" connects as the URL says
      return undefined;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ca: ssl.rootCert ? fs.readFileSync(ssl.rootCert, 'utf8') : undefined,
        cert: ssl.cert ? fs.readFileSync(ssl.cert, 'utf8') : undefined,
        key: ssl.key ? fs.readFileSync(ssl.key, 'utf8') : undefined,
        checkServerIdentity: ssl.mode === 'verify-ca' ? () => undefined : undefined,
      };
  }
}

export function createPool(settings: PoolSettings): pg.Pool {
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    min: settings.min,
    max: settings.max,
    ssl: sslOption(settings.ssl),
    connectionTimeoutMillis: settings.connectionTimeoutMillis,
    idleTimeoutMillis: settings.idleTimeoutMillis,
    application_name: `recall-${settings.name}`,
  });
  // An idle client whose server went away must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return pool;
}

interface Pools {
  project: pg.Pool;
  shared: pg.Pool | null;
  prisma: PrismaClient;
}

const globalForPools = globalThis as unknown as { __recallPools?: Pools };

export class NotConfiguredError extends Error {
  constructor() {
    super('DATABASE_URL is not set. Start the console with `npm start`, which starts the embedded database.');
  }
}

function pools(): Pools {
  if (globalForPools.__recallPools) return globalForPools.__recallPools;
  const projectSettings = projectPoolSettings();
  if (!projectSettings) throw new NotConfiguredError();
  const sharedSettings = sharedPoolSettings();
  const project = createPool(projectSettings);
  const created: Pools = {
    project,
    shared: sharedSettings ? createPool(sharedSettings) : null,
    prisma: new PrismaClient({ adapter: new PrismaPg(project) }),
  };
  globalForPools.__recallPools = created;
  return created;
}

export const projectPool = () => pools().project;
export const sharedPool = () => pools().shared;
export const prisma = () => pools().prisma;

/** Runs fn in a transaction on one client of the pool. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
