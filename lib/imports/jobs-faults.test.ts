// Import jobs through database faults, on the machine's PostgreSQL 15 behind a TCP proxy that can
// cut the connection: a job that fails during an outage is recorded as failed once the database is
// back (with the rows committed and whether a re-run is safe), a job whose worker is gone is marked
// failed, and a cancel fills every field.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeDatabase, probeNativeServer, skipNotice } from '@/lib/testing/database';
import { startFaultProxy, type FaultProxy } from '@/lib/testing/proxy';
import { migrate } from '@/lib/db/migrator';
import { COPY_BATCH } from './memory-import';

const skip = skipNotice('import jobs through faults on PostgreSQL 15', (await probeNativeServer()).missingVector);

let db: Awaited<ReturnType<typeof createNativeDatabase>>;
let proxy: FaultProxy;
let admin: pg.Client;

beforeAll(async () => {
  if (skip) return;
  db = await createNativeDatabase('recall_jobfaults');
  proxy = await startFaultProxy(db.url);
  process.env.DATABASE_URL = proxy.url;
  process.env.PROJECT_POOL_MAX = '4';
  process.env.DB_CONNECT_TIMEOUT_MS = '2000';
  const { projectPool } = await import('@/lib/db/pools');
  await migrate(projectPool());
  admin = new pg.Client({ connectionString: db.url }); // straight to the server, past the proxy
  await admin.connect();
}, 120_000);
afterAll(async () => {
  if (skip) return;
  const { projectPool } = await import('@/lib/db/pools');
  await projectPool().end().catch(() => {});
  await admin.end();
  await proxy.close();
  await db.drop();
});

const jobs = () => import('./jobs');
const row = async (id: string) => (await admin.query('SELECT status, processed_rows, message, finished_at FROM recall.import_jobs WHERE id = $1', [id])).rows[0];
const until = async (fn: () => Promise<boolean> | boolean) => {
  while (!(await fn())) await new Promise((r) => setTimeout(r, 50));
};

async function insertJob(fields: { status: string; processed: number; heartbeatAgoS?: number; kind?: string }) {
  const { rows } = await admin.query(
    `INSERT INTO recall.import_jobs (target_kind, target, filename, format, status, total_rows, processed_rows, heartbeat_at)
     VALUES ($1, 'ns', 'f.jsonl', 'jsonl', $2, 5000, $3, now() - make_interval(secs => $4)) RETURNING id`,
    [fields.kind ?? 'namespace', fields.status, fields.processed, fields.heartbeatAgoS ?? 0],
  );
  return rows[0].id as string;
}

describe.skipIf(skip)('import jobs through faults', () => {
  it('a job that fails while the database is down is recorded as failed once it is back', async () => {
    const { startImportJob, getImportJob } = await jobs();
    // Many batches, so the import is still running when the proxy goes down (6,000 rows were two COPY
    // batches, and a fast second one could finish before the test noticed the first).
    const text = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ key: `k${i}`, value: `v${i}` })).join('\n');
    const id = await startImportJob({ id: null, email: 'test' }, { text, bytes: text.length, namespace: 'faults', filename: 'big.jsonl' });
    await until(async () => (await row(id)).processed_rows > 0); // at least one batch committed
    proxy.down();
    await until(() => proxy.refused >= 3); // the job failed and its state write is being retried
    expect((await row(id)).status).toBe('running'); // not recorded yet: the database is unreachable
    proxy.up();
    await until(async () => (await row(id)).status !== 'running');
    const job = await getImportJob(id);
    const committed = (await admin.query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'faults'")).rows[0].n;
    expect(job.status).toBe('failed');
    expect(job.finishedAt).not.toBeNull();
    // Every acknowledged batch is there; the batch in flight (a COPY batch) may or may not have committed.
    expect(committed).toBeGreaterThanOrEqual(job.processedRows);
    expect(committed - job.processedRows).toBeLessThanOrEqual(COPY_BATCH);
    expect(job.processedRows).toBeLessThan(100_000);
    expect(job.message).toMatch(new RegExp(`^The import stopped: the database stopped answering \\(.+\\)\\. At least ${job.processedRows} row\\(s\\) were committed; re-run to finish: the import is idempotent\\.$`));
  }, 120_000);

  it('a job whose worker stopped heartbeating is marked failed with the rows committed so far', async () => {
    const { getImportJob, listImportJobs } = await jobs();
    const stale = await insertJob({ status: 'running', processed: 1200, heartbeatAgoS: 120 });
    const alive = await insertJob({ status: 'running', processed: 10, heartbeatAgoS: 1 });
    const job = await getImportJob(stale);
    expect(job).toMatchObject({ status: 'failed', processedRows: 1200 });
    expect(job.finishedAt).not.toBeNull();
    expect(job.message).toBe('The import stopped: its worker stopped responding (the console stopped or lost the database). At least 1200 row(s) were committed; re-run to finish: the import is idempotent.');
    expect((await listImportJobs(100)).find((j) => j.id === alive)?.status).toBe('running');
  });

  it('cancel fills every field, even when no worker is left to do it', async () => {
    const { cancelImportJob } = await jobs();
    const id = await insertJob({ status: 'running', processed: 500 });
    const job = await cancelImportJob(id);
    expect(job.status).toBe('cancelled');
    expect(job.finishedAt).not.toBeNull();
    expect(job.message).toBe('Cancelled after 500 row(s) were committed (whole batches only).');
    expect(job.etaSeconds).toBeNull();
  });
});
