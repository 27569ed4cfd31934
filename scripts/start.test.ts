// `npm start` refusing to start: one clear line on stderr, exit code 1, nothing touched.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeDatabase } from '@/lib/testing/database';

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-start-'));
  // Only what the case sets: none of the developer's or CI's database variables leak in.
  const childEnv: Record<string, string | undefined> = {
    PATH: process.env.PATH, HOME: process.env.HOME, RECALL_DATA_DIR: dataDir, PORT: '3999', ...env,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env: childEnv as NodeJS.ProcessEnv });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: stderr.trim(), stdout });
    });
  });
}

let native: Awaited<ReturnType<typeof createNativeDatabase>>;
beforeAll(async () => {
  native = await createNativeDatabase('recall_start', { unprivileged: true });
});
afterAll(async () => native.drop());

describe('npm start refuses clearly', () => {
  it('when the port is taken', async () => {
    const blocker = net.createServer().listen(3998);
    await new Promise((r) => blocker.once('listening', r));
    const r = await start({ PORT: '3998' });
    blocker.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('[recall] Port 3998 is already in use. Stop the program using it, or choose another: PORT=3999 npm start');
  });

  it('when a production server has no AUTH_SECRET', async () => {
    const r = await start({ NODE_ENV: 'production', DATABASE_URL: native.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\[recall\] AUTH_SECRET is not set\. A production server needs one/);
  });

  it('when pgvector cannot be had in the database, before creating anything', async () => {
    const r = await start({ DATABASE_URL: native.url, AUTH_SECRET: 'test-secret' });
    expect(r.code).toBe(1);
    // The machine's server may lack pgvector altogether, or (once installed) this role may not create it.
    expect(r.stderr).toMatch(/^\[recall\] (The pgvector extension is not installed on this PostgreSQL 15\.\d+ server\.|pgvector [\d.]+ is available on this PostgreSQL 15\.\d+ server but not created in database "recall_start_\d+_\d+", and the role "recall_start_\d+_\d+_owner" may not create it\.)/);
    const c = new pg.Client({ connectionString: native.url });
    await c.connect();
    const { rows } = await c.query("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'recall'");
    await c.end();
    expect(rows[0].n).toBe(0);
  });

  it('when nothing listens at DATABASE_URL', async () => {
    const r = await start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres', AUTH_SECRET: 'x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('[recall] Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused). Start the server or fix DATABASE_URL.');
  });

  it('when DATABASE_URL is not a Postgres URL', async () => {
    const r = await start({ DATABASE_URL: 'mysql://root@localhost/db' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('[recall] DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql:"');
  });
});
