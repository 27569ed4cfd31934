// Broken connections on a real server (the machine's PostgreSQL 15): a session the server ends
// while checked out is no uncaught exception and is not handed out again; a read that met a broken
// connection is retried once on a fresh one, a write is not; a failed connect is counted as an error.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeDatabase, probeNativeServer, skipNotice, testPool } from '@/lib/testing/database';
import { isRetryableRead, withTransaction, type InstrumentedPool } from './pools';
import { isConnectionError } from './errors';
import { recorder, withOperation } from '@/lib/metrics/recorder';

const skip = skipNotice('broken connections on PostgreSQL 15', (await probeNativeServer()).missing);

let db: Awaited<ReturnType<typeof createNativeDatabase>>;
let pool: InstrumentedPool;
let admin: pg.Client;

beforeAll(async () => {
  if (skip) return;
  db = await createNativeDatabase('recall_pools');
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('CREATE TABLE written (v int)');
});
afterAll(async () => {
  if (skip) return;
  await pool?.end().catch(() => {});
  await admin.end();
  await db.drop();
});

/** Ends a backend from outside, as a restart or an administrator would, and waits until it is gone. */
async function terminate(pid: number) {
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount) await new Promise((r) => setTimeout(r, 20));
}

/** The pid of the backend running a query that contains `marker`, once it runs. */
async function backendRunning(marker: string): Promise<number> {
  for (;;) {
    const r = await admin.query("SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()", [marker]);
    if (r.rowCount) return r.rows[0].pid;
    await new Promise((res) => setTimeout(res, 20));
  }
}

describe.skipIf(skip)('a connection the server ends', () => {
  it('inside a transaction: the caller gets a connection error, the process no uncaught exception, the pool a fresh client', async () => {
    pool = testPool(db.url, { max: 1 });
    let pid = 0;
    const err = await withTransaction(pool, async (client) => {
      pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await client.query('INSERT INTO written VALUES (1)');
      await terminate(pid); // the FATAL arrives while no query runs on this client
      await new Promise((r) => setTimeout(r, 100)); // let it be read
      await client.query('INSERT INTO written VALUES (2)');
    }).catch((e) => e);
    expect(isConnectionError(err)).toBe(true);
    expect(pool.totalCount).toBe(0); // released with the error: discarded
    const after = (await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    expect(after).not.toBe(pid);
    expect((await admin.query('SELECT count(*)::int AS n FROM written')).rows[0].n).toBe(0);
  });

  it('a read is retried once on a fresh connection', async () => {
    const running = pool.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.5), 'retry-marker' AS m");
    const pid = await backendRunning('retry-marker');
    await terminate(pid);
    const rows = (await running).rows;
    expect(rows[0].pid).not.toBe(pid);
  });

  it('a write is not retried', async () => {
    const running = pool.query("WITH s AS (SELECT pg_sleep(0.5)) INSERT INTO written SELECT 7 FROM s -- write-marker").catch((e) => e);
    await terminate(await backendRunning('write-marker'));
    expect(isConnectionError(await running)).toBe(true);
    expect((await admin.query('SELECT count(*)::int AS n FROM written')).rows[0].n).toBe(0);
  });
});

describe('which statements count as reads', () => {
  it.each([
    ['SELECT * FROM memory_entries WHERE id = $1', true],
    [{ text: 'select 1' }, true],
    ['SHOW server_version', true],
    ['INSERT INTO t VALUES (1)', false],
    ['WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x', false],
    ['SELECT pg_terminate_backend(42)', false],
    ['SELECT * FROM jobs FOR UPDATE SKIP LOCKED', false],
    ['SELECT nextval($1)', false],
    ['SELECT pg_advisory_xact_lock(1)', false],
    ['BEGIN', false],
  ])('%j → %s', (q, read) => expect(isRetryableRead(q)).toBe(read));
});

describe('failing to get a connection', () => {
  it('counts as an error of the operation that wanted it', async () => {
    const down = testPool('postgres://postgres@127.0.0.1:1/postgres');
    Object.assign(down, { name: 'faults-down' });
    const err = await withOperation('memory.search', () => down.query('SELECT 1')).catch((e) => e);
    await withOperation('memory.write', () => withTransaction(down, async () => {})).catch(() => {});
    expect(isConnectionError(err)).toBe(true);
    expect(recorder.cumulative.get('faults-down|memory.search')).toMatchObject({ calls: 1, errors: 1 });
    expect(recorder.cumulative.get('faults-down|memory.write')).toMatchObject({ calls: 1, errors: 1 });
    await down.end();
  });
});
