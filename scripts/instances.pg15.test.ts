// Two console instances (`npm start`'s scripts/start.ts, different ports) started at the same moment
// on one fresh, empty native database: migrations run once, the first admin is created once, both
// serve, an import started on one instance is followed and cancelled from the other, and a job whose
// instance was killed ends instead of staying "running".
// Needs a built console (.next): the test builds it first when it is stale.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeDatabase } from '@/lib/testing/database';
import { freePort } from '@/lib/testing/pgbouncer';
import { readMigrations } from '@/lib/db/migrator';
import { buildIfStale } from './build';

interface Instance { port: number; child: ChildProcess; out: string[] }

describe('two console instances on one database', () => {
  let db: Awaited<ReturnType<typeof createNativeDatabase>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-instances-'));
  const instances: Instance[] = [];
  let token = '';

  const start = (port: number, name: string): Instance => {
    const out: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env, PORT: String(port), DATABASE_URL: db.url, RECALL_DATA_DIR: path.join(dir, name), PROJECT_POOL_MAX: '4',
        RECALL_ADMIN_EMAIL: 'admin@instances.test', RECALL_ADMIN_PASSWORD: 'instances-admin-password', AUTH_SECRET: 'same-secret-for-both-instances-xxxxxxxx',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: start.ts and the Next.js server it spawns go together
    });
    child.stdout!.on('data', (c: Buffer) => out.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => out.push(c.toString()));
    return { port, child, out };
  };
  const healthy = (i: Instance) => fetch(`http://localhost:${i.port}/api/health`).then((r) => r.ok, () => false);
  const api = (i: Instance, p: string, init: RequestInit = {}) =>
    fetch(`http://localhost:${i.port}${p}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    // One build first: two starts on one checkout would both try to build it (separate images do not share one).
    buildIfStale(() => {}, (line) => {
      throw new Error(line);
    });
    db = await createNativeDatabase('recall_instances');
    process.env.DATABASE_URL = db.url;
    const [a, b] = [await freePort(), await freePort()];
    // The same moment, on an empty database.
    instances.push(start(a, 'a'), start(b, 'b'));
    const until = Date.now() + 540_000;
    while (Date.now() < until) {
      if ((await Promise.all(instances.map(healthy))).every(Boolean)) break;
      if (instances.some((i) => i.child.exitCode !== null)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 600_000);

  afterAll(async () => {
    for (const i of instances) {
      try {
        process.kill(-i.child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    const { projectPool } = await import('@/lib/db/pools');
    await projectPool().end().catch(() => {});
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('both start and serve; each migration was applied once; one first admin', async () => {
    for (const i of instances) expect(i.child.exitCode, i.out.join('')).toBeNull();
    expect(await Promise.all(instances.map(healthy))).toEqual([true, true]);
    const applied = instances.flatMap((i) => i.out.join('').match(/applied migration \d{4}_\w+\.sql/g) ?? []);
    const files = readMigrations().map((f) => f.name);
    expect(applied.map((l) => l.split(' ').pop()).sort()).toEqual(files.sort());
    const { projectPool } = await import('@/lib/db/pools');
    const { rows } = await projectPool().query('SELECT (SELECT count(*)::int FROM recall.schema_migrations) AS m, (SELECT count(*)::int FROM recall.users) AS u');
    expect(rows[0]).toEqual({ m: files.length, u: 1 });
  });

  it('an import started on one instance is shown and cancelled by the other', async () => {
    const { createToken } = await import('@/lib/tokens/tokens');
    const { projectPool } = await import('@/lib/db/pools');
    // A token acts with its creator's current role, so it is made by the first admin.
    const { rows: [admin] } = await projectPool().query("SELECT id, email FROM recall.users WHERE role = 'admin' LIMIT 1");
    token = (await createToken({ id: admin.id, email: admin.email }, { name: 'instances', scope: 'write' })).token;
    const [a, b] = instances;
    const lines = Array.from({ length: 60_000 }, (_, n) => JSON.stringify({ key: `k${n}`, value: `value number ${n} `.repeat(4) })).join('\n');
    const form = new FormData();
    form.set('file', new File([lines], 'big.jsonl'));
    form.set('namespace', 'instances');
    const started = await api(a, '/api/v1/imports', { method: 'POST', body: form });
    expect(started.status, await started.clone().text()).toBe(202);
    const { id } = await started.json();
    const seen = await (await api(b, `/api/v1/imports/${id}`)).json();
    expect(['validating', 'running']).toContain(seen.status);
    const cancelled = await api(b, `/api/v1/imports/${id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    // Instance a's job reads the flag between batches and stops there.
    let job = seen;
    for (let n = 0; n < 600 && !job.finishedAt; n++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await (await api(b, `/api/v1/imports/${id}`)).json();
    }
    expect(job.status).toBe('cancelled');
    expect(job.processedRows).toBeLessThan(60_000);
  });

  // A job whose instance died must end (picked up or failed) within a minute, never stay "running":
  // the import heartbeat (lib/imports/jobs.ts, STALE_AFTER_MS) lets the other instance fail it.
  it('an instance killed mid-import: the other shows the job ended within a minute', async () => {
    const [a, b] = instances;
    const lines = Array.from({ length: 60_000 }, (_, n) => JSON.stringify({ key: `d${n}`, value: `value number ${n} `.repeat(4) })).join('\n');
    const form = new FormData();
    form.set('file', new File([lines], 'dies.jsonl'));
    form.set('namespace', 'instances-dead');
    const { id } = await (await api(a, '/api/v1/imports', { method: 'POST', body: form })).json();
    let job = await (await api(b, `/api/v1/imports/${id}`)).json();
    for (let n = 0; n < 300 && job.processedRows === 0; n++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await (await api(b, `/api/v1/imports/${id}`)).json();
    }
    process.kill(-a.child.pid!, 'SIGKILL');
    for (let n = 0; n < 60 && ['validating', 'running'].includes(job.status); n++) {
      await new Promise((r) => setTimeout(r, 1000));
      job = await (await api(b, `/api/v1/imports/${id}`)).json();
    }
    expect(['done', 'failed']).toContain(job.status);
  }, 120_000);
});
