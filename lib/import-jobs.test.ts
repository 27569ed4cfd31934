import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { createUser } from '@/lib/users';
import { getImportJob, listImportJobs, startImportJob } from './import-jobs';

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
    expect(list.map((j) => [j.id, j.status, j.target, j.filename, j.rejectedCount, j.by])).toEqual([
      [second, 'failed', 'jobs_b', 'b.jsonl', 1, 'importer@test.dev'],
      [first, 'done', 'jobs_a', 'a.jsonl', 0, 'importer@test.dev'],
    ]);
    expect(await listImportJobs(1)).toHaveLength(1);
  });
});
