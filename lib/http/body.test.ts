// Body limits are enforced while reading: a declared Content-Length over the limit is refused before
// a byte is read, and an undeclared (chunked) body is cut off once it passes the limit. The streams
// here count what the server pulled from them.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const session = vi.hoisted(() => {
  process.env.RECALL_MAX_IMPORT_BYTES = String(1024 * 1024); // 1 MB here, so the test streams little
  process.env.RECALL_MAX_JSON_BYTES = String(2 * 1024 * 1024);
  return { userId: null as string | null };
});
vi.mock('@/lib/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser } = await import('@/lib/users/users');
const { projectPool } = await import('@/lib/db/pools');
const importsRoute = await import('@/app/api/v1/imports/route');
const { getImportJob } = await import('@/lib/imports/jobs');
const memoriesRoute = await import('@/app/api/v1/memories/route');

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
  session.userId = (await createUser(null, { email: 'admin@example.com', role: 'admin', password: 'a long enough password' })).id;
});
afterAll(async () => stopTestDatabase(engine));

const MB = 1024 * 1024;
const jobs = async () => Number((await projectPool().query('SELECT count(*) AS n FROM recall.import_jobs')).rows[0].n);

/** A body of `total` bytes made on demand, 64 KB at a time, that records how much was pulled. */
function countingBody(total: number, prefix = '') {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  const counter = { pulled: 0 };
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (first && prefix) {
        first = false;
        const p = new TextEncoder().encode(prefix);
        counter.pulled += p.byteLength;
        controller.enqueue(p);
        return;
      }
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  return { stream, counter };
}

function upload(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return new Request('http://localhost:3000/api/v1/imports', {
    method: 'POST', body, duplex: 'half',
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ', ...headers },
  } as RequestInit);
}

const multipartHead = '--XyZ\r\nContent-Disposition: form-data; name="namespace"\r\n\r\nbig\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n';

describe('imports', () => {
  it('a declared size over the limit (the 201 MB upload) is refused before anything is read', async () => {
    const { stream, counter } = countingBody(201 * MB, multipartHead);
    const res = await importsRoute.POST(upload(stream, { 'content-length': String(201 * MB) }), {});
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'payload_too_large', field: 'file' });
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024);
    expect(await jobs()).toBe(0);
  });

  it('an undeclared (chunked) upload is cut off once it passes the limit, not read whole', async () => {
    const { stream, counter } = countingBody(50 * MB, multipartHead);
    const res = await importsRoute.POST(upload(stream), {});
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThan(3 * MB);
    expect(await jobs()).toBe(0);
  });

  it('a file under the limit is imported as before', async () => {
    const form = new FormData();
    form.set('file', new File(['{"key":"a","value":"b"}\n'], 'ok.jsonl'));
    form.set('namespace', 'small');
    const res = await importsRoute.POST(new Request('http://localhost:3000/api/v1/imports', { method: 'POST', body: form }), {});
    expect(res.status).toBe(202);
    const { id } = await res.json();
    await vi.waitFor(async () => expect((await getImportJob(id)).status).toBe('done'), { timeout: 20_000, interval: 200 });
  });
});

describe('JSON bodies', () => {
  const post = (body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    memoriesRoute.POST(new Request('http://localhost:3000/api/v1/memories', {
      method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json', ...headers },
    } as RequestInit), {});

  it('a declared 50 MB body is refused unread', async () => {
    const { stream, counter } = countingBody(50 * MB, '{"namespace":"n","key":"k","value":"');
    const res = await post(stream, { 'content-length': String(50 * MB) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'payload_too_large', field: 'body', message: 'body: at most 2 MB' });
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('an undeclared 50 MB body is cut off just past the limit', async () => {
    const { stream, counter } = countingBody(50 * MB, '{"namespace":"n","key":"k","value":"');
    const res = await post(stream);
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThan(3 * MB);
    expect(Number((await projectPool().query('SELECT count(*) AS n FROM memory_entries WHERE namespace = $$n$$')).rows[0].n)).toBe(0);
  });
});
