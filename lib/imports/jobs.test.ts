import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { projectPool } from '@/lib/db/pools';
import { createUser } from '@/lib/users/users';
import { invalidateCollections } from '@/lib/collections/catalog';
import { cancelImportJob, getImportJob, listImportJobs, startImportJob } from './jobs';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

async function finished(id: string) {
  for (let i = 0; i < 200; i++) {
    const job = await getImportJob(id);
    if (job.status !== 'validating' && job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

describe('import jobs', () => {
  it('run in the background and are listed newest first with who started them', async () => {
    const admin = await createUser({ id: null, email: 'test' }, { email: 'importer@test.dev', name: 'Importer', role: 'admin', password: 'a-long-password-1' });
    const actor = { id: admin.id, email: admin.email };
    const rows = (n: number, bad = false) =>
      Array.from({ length: n }, (_, i) => JSON.stringify({ key: `k${i}`, value: bad && i === 1 ? '' : `v${i}` })).join('\n');
    const first = await startImportJob(actor, { text: rows(3), bytes: 30, namespace: 'jobs_a', filename: 'a.jsonl' });
    expect(await finished(first)).toMatchObject({ status: 'done', totalRows: 3, processedRows: 3, rejectedCount: 0 });
    const second = await startImportJob(actor, { text: rows(4, true), bytes: 40, namespace: 'jobs_b', filename: 'b.jsonl' });
    expect(await finished(second)).toMatchObject({ status: 'failed', rejectedCount: 1, processedRows: 0 });

    const list = await listImportJobs();
    expect(list.map((j) => [j.id, j.status, j.targetKind, j.target, j.filename, j.rejectedCount, j.by])).toEqual([
      [second, 'failed', 'namespace', 'jobs_b', 'b.jsonl', 1, 'importer@test.dev'],
      [first, 'done', 'namespace', 'jobs_a', 'a.jsonl', 0, 'importer@test.dev'],
    ]);
    expect(await listImportJobs(1)).toHaveLength(1);
  });

  it('import into a collection, counting the rows Postgres refuses among the rejections', async () => {
    await projectPool().query('CREATE TABLE job_docs (id TEXT PRIMARY KEY, n INTEGER, embedding vector(2))');
    invalidateCollections();
    const actor = { id: null, email: 'test' };
    const text = ['{"id":"a","n":1,"embedding":[1,0]}', '{"id":"b","n":"two"}', '{"id":"c"}'].join('\n');
    const id = await startImportJob(actor, { text, bytes: text.length, collection: 'public.job_docs.embedding', namespace: '', filename: 'docs.jsonl', skipBad: true });
    const job = await finished(id);
    expect(job).toMatchObject({ status: 'done', targetKind: 'collection', target: 'public.job_docs.embedding', totalRows: 3, processedRows: 2, rejectedCount: 1 });
    expect(job.rejected).toEqual([{ line: 2, reason: 'n: invalid input syntax for type integer: "two"' }]);
    const { rows } = await projectPool().query('SELECT id FROM job_docs ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('stay cancelled when cancelled while validating: nothing is written', async () => {
    const actor = { id: null, email: 'test' };
    const text = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `c${i}`, n: i, embedding: [i, 1] })).join('\n');
    const id = await startImportJob(actor, { text, bytes: text.length, collection: 'public.job_docs.embedding', filename: 'big.jsonl' });
    await cancelImportJob(id);
    const job = await finished(id);
    expect(job.status).toBe('cancelled');
    expect(job.processedRows).toBe(0);
    const { rows } = await projectPool().query("SELECT count(*)::int AS n FROM job_docs WHERE id LIKE 'c%' AND id <> 'c'");
    expect(rows[0].n).toBe(0);
  });

  it('need exactly one target, and refuse an unknown collection before starting', async () => {
    const actor = { id: null, email: 'test' };
    const before = (await listImportJobs(100)).length;
    const input = { text: '{}', bytes: 2, filename: 'x.jsonl' };
    await expect(startImportJob(actor, input)).rejects.toThrow('namespace: give a namespace or a collection to import into (one of them)');
    await expect(startImportJob(actor, { ...input, namespace: 'n', collection: 'public.job_docs.embedding' })).rejects.toThrow(/one of them/);
    await expect(startImportJob(actor, { ...input, collection: 'public.nowhere.embedding' })).rejects.toMatchObject({ status: 404 });
    await expect(startImportJob(actor, { ...input, collection: 'public.memory_entries.embedding' })).rejects.toThrow(/imported by namespace/);
    expect(await listImportJobs(100)).toHaveLength(before);
  });
});
