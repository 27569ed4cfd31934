// `npm run import` when the database goes away part-way (the machine's PostgreSQL 15 behind a TCP
// proxy that cuts the connection): the CLI says how many rows were committed and that a re-run is
// safe, and the re-run finishes the import.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeDatabase, probeNativeServer, skipNotice, testPool } from '@/lib/testing/database';
import { startFaultProxy, type FaultProxy } from '@/lib/testing/proxy';
import { migrate } from '@/lib/db/migrator';

const skip = skipNotice('npm run import through a lost connection on PostgreSQL 15', (await probeNativeServer()).missingVector);

let db: Awaited<ReturnType<typeof createNativeDatabase>>;
let proxy: FaultProxy;
let admin: pg.Client;

beforeAll(async () => {
  if (skip) return;
  db = await createNativeDatabase('recall_clifaults');
  const pool = testPool(db.url);
  await migrate(pool);
  await pool.end();
  proxy = await startFaultProxy(db.url);
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
}, 120_000);
afterAll(async () => {
  if (skip) return;
  await admin.end();
  await proxy.close();
  await db.drop();
});

function cli(args: string[], onStart?: () => void): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: proxy.url, DB_CONNECT_TIMEOUT_MS: '2000' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], { env: env as NodeJS.ProcessEnv });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
    onStart?.();
  });
}

const count = async () => (await admin.query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'cli_faults'")).rows[0].n as number;

describe.skipIf(skip)('npm run import through a lost connection', () => {
  it('says how many rows were committed and that a re-run is safe; the re-run finishes', async () => {
    const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recall-cli-')), 'big.jsonl');
    fs.writeFileSync(p, Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ key: `k${i}`, value: `v${i}` })).join('\n'));
    const run = cli([p, '--namespace', 'cli_faults']);
    while ((await count()) === 0) await new Promise((r) => setTimeout(r, 50));
    proxy.down();
    const r = await run;
    proxy.up();
    const committed = await count();
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    const said = Number(/\[recall\] The import stopped: .+\. At least (\d+) row\(s\) were committed; re-run to finish: the import is idempotent\./.exec(r.err)?.[1]);
    // Every acknowledged batch is there; the batch in flight (500 rows) may or may not have committed.
    expect(committed).toBeGreaterThanOrEqual(said);
    expect(committed - said).toBeLessThanOrEqual(500);
    const again = await cli([p, '--namespace', 'cli_faults']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Imported 20000 row(s); count check passed.');
    expect(await count()).toBe(20_000);
  }, 180_000);
});
