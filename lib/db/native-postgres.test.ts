// Against the machine's PostgreSQL 15: a real multi-connection server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createNativeDatabase, probeNativeServer, skipNotice, testPool } from '@/lib/testing/database';
import { describeDbError } from './errors';
import { migrate } from './migrator';
import { MissingExtensionError, preflight } from './preflight';

const native = await probeNativeServer();
const skip = skipNotice('native PostgreSQL 15', native.missing);

let db: { url: string; drop: () => Promise<void> };
let unprivileged: { url: string; drop: () => Promise<void> };
const pools: pg.Pool[] = [];
const poolFor = (url: string, max = 4) => {
  const p = testPool(url, { max });
  pools.push(p);
  return p;
};

beforeAll(async () => {
  if (skip) return;
  db = await createNativeDatabase('recall_test');
  unprivileged = await createNativeDatabase('recall_test_role', { unprivileged: true });
});
afterAll(async () => {
  if (skip) return;
  await Promise.all(pools.map((p) => p.end()));
  await db.drop();
  await unprivileged.drop();
});

describe.skipIf(skip)('native PostgreSQL 15', () => {
  it('refuses a role that may not create pgvector, naming what to ask for, before migrating anything', async () => {
    const pool = poolFor(unprivileged.url);
    const err = await preflight(pool).catch((e) => e);
    expect(err).toBeInstanceOf(MissingExtensionError);
    expect(err.message).toMatch(/^pgvector [\d.]+ is available on this PostgreSQL 15\.\d+ server but not created in database "recall_test_role_\d+_\d+", and the role "recall_test_role_\d+_\d+_owner" may not create it\./);
    expect(err.message).toMatch(/Ask an administrator to run CREATE EXTENSION vector;/);
    const { rows } = await pool.query("SELECT to_regclass('recall.schema_migrations') AS t, to_regclass('memory_entries') AS m");
    expect(rows[0]).toEqual({ t: null, m: null });
  });

  it.skipIf(!native.missingVector)('refuses a server without pgvector with the missing-extension message before migrating anything', async () => {
    const pool = poolFor(db.url);
    const err = await preflight(pool).catch((e) => e);
    expect(err).toBeInstanceOf(MissingExtensionError);
    expect(err.message).toMatch(/pgvector extension is not installed on this PostgreSQL 15\.\d+ server/);
    expect(err.message).toMatch(/apt install postgresql-15-pgvector/);
    expect(err.message).toMatch(/unset DATABASE_URL to use the embedded database/);
    const { rows } = await pool.query("SELECT to_regclass('recall.schema_migrations') AS t, to_regclass('memory_entries') AS m");
    expect(rows[0]).toEqual({ t: null, m: null });
  });

  it('serialises concurrent migrators across real sessions with the advisory lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-mig-'));
    // pg_sleep widens the window in which an unlocked second run would apply the same file.
    fs.writeFileSync(path.join(dir, '0001_slow.sql'), 'SELECT pg_sleep(0.3); CREATE TABLE slow_once (id int)');
    fs.writeFileSync(path.join(dir, '0002_next.sql'), 'INSERT INTO slow_once VALUES (1)');
    const runs = await Promise.all([0, 1, 2].map(() => migrate(poolFor(db.url, 2), { dir })));
    expect(runs.flatMap((r) => r.applied).sort()).toEqual(['0001_slow.sql', '0002_next.sql']);
    const { rows } = await poolFor(db.url).query('SELECT count(*)::int AS n FROM slow_once');
    expect(rows[0].n).toBe(1);
  });

  it('names a database that does not exist', async () => {
    const url = db.url.replace(/\/[^/]+$/, '/recall_no_such_db');
    const err = await poolFor(url).query('SELECT 1').catch((e) => e);
    expect(describeDbError(err, url)).toBe(
      'Database "recall_no_such_db" does not exist on 127.0.0.1:5432. Create it (createdb recall_no_such_db) or fix DATABASE_URL.',
    );
  });

  it('says when nothing listens at the address', async () => {
    const url = 'postgres://postgres@127.0.0.1:1/postgres';
    const err = await poolFor(url).query('SELECT 1').catch((e) => e);
    expect(describeDbError(err, url)).toBe(
      'Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused). Start the server or fix DATABASE_URL.',
    );
  });
});

describe('a database that does not answer, during a request', () => {
  it('is a clear 503 whether pg or Prisma met it', async () => {
    const { requestDbError } = await import('./errors');
    const url = 'postgres://postgres@127.0.0.1:1/postgres';
    const pgErr = await poolFor(url).query('SELECT 1').catch((e) => e);
    expect(requestDbError(pgErr)).toMatchObject({ status: 503, code: 'database_unavailable' });
    const prismaErr = { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } };
    expect(requestDbError(prismaErr)).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(requestDbError(new Error('syntax error'))).toBeNull();
  });
});
