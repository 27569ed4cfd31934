// The supervised engine process: data survives a restart, and a crashed engine comes back on its port.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { COPY_FROM_STDIN_REFUSAL } from './embedded-protocol';
import { startSupervisedEngine, type SupervisedEngine } from './embedded-process';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-engine-'));
const lines: string[] = [];
let engine: SupervisedEngine | null = null;

afterAll(async () => {
  await engine?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

async function waitFor<T>(fn: () => Promise<T>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('supervised embedded engine', () => {
  it('keeps data across a clean stop and start', async () => {
    engine = await startSupervisedEngine({ dataDir, maxConnections: 4, log: (l) => lines.push(l) });
    await query(engine.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)');
    await engine.stop();
    engine = await startSupervisedEngine({ dataDir, maxConnections: 4, log: (l) => lines.push(l) });
    expect(await query(engine.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
  }, 60_000);

  it('restarts a killed engine on the same port', async () => {
    const before = engine!.pid!;
    process.kill(before, 'SIGKILL');
    await waitFor(async () => {
      if (engine!.pid === before) throw new Error('not restarted yet');
    });
    const rows = await waitFor(() => query(engine!.url, 'SELECT 1 AS ok'));
    expect(rows).toEqual([{ ok: 1 }]);
    expect(lines.some((l) => l.startsWith('The embedded database stopped (SIGKILL); restarting it on port'))).toBe(true);
    expect(lines).toContain('The embedded database is back.');
  }, 60_000);
});

describe('an engine that is alive but answers nothing', () => {
  it('is restarted when a session holds it (the health query gets no answer)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-wedge-'));
    const log: string[] = [];
    const wedged = await startSupervisedEngine({ dataDir: dir, maxConnections: 8, log: (l) => log.push(l), health: { everyMs: 500, wedgedAfterMs: 3_000 } });
    try {
      const before = wedged.pid;
      // An outside client opens a transaction and goes quiet: the one-session engine serves nobody else.
      const holder = new pg.Client({ connectionString: wedged.url });
      holder.on('error', () => {});
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT 1');
      await waitFor(async () => {
        if (wedged.pid === before) throw new Error('not restarted yet');
      });
      expect(await waitFor(() => query(wedged.url, 'SELECT 1 AS ok'))).toEqual([{ ok: 1 }]);
      expect(log.some((l) => /has not answered a query for \d+ s and executed nothing although its process is running.*; restarting it\./.test(l))).toBe(true);
      await holder.end().catch(() => {});
    } finally {
      await wedged.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('is not restarted while a long transaction keeps executing statements', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-busy-'));
    const log: string[] = [];
    const busy = await startSupervisedEngine({ dataDir: dir, maxConnections: 8, log: (l) => log.push(l), health: { everyMs: 500, wedgedAfterMs: 3_000 } });
    try {
      const before = busy.pid;
      const worker = new pg.Client({ connectionString: busy.url });
      await worker.connect();
      await worker.query('BEGIN');
      // Twice the wedge limit inside one transaction: the health query waits all along, yet the
      // engine executes statement after statement, which is progress.
      for (const until = Date.now() + 7_000; Date.now() < until; ) await worker.query('SELECT pg_sleep(0.05)');
      await worker.query('COMMIT');
      await worker.end();
      expect(busy.pid).toBe(before);
      expect(log.filter((l) => /restarting it/.test(l))).toEqual([]);
    } finally {
      await busy.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

/** A real psql against the engine: its exit code and what it printed. */
function psql(url: string, ...commands: string[]): Promise<{ code: number; out: string; err: string }> {
  const args = [url, '-X', '-v', 'ON_ERROR_STOP=1', ...commands.flatMap((c) => ['-c', c])];
  return new Promise((resolve) => {
    execFile('psql', args, { timeout: 20_000 }, (error, out, err) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

const hasPsql = await new Promise<boolean>((resolve) => execFile('psql', ['--version'], (e) => resolve(!e)));

describe.skipIf(!hasPsql)('outside clients (psql) against the engine', () => {
  it('refuses \\copy … from with a message that says what to use, and keeps answering', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-psql-'));
    const log: string[] = [];
    const served = await startSupervisedEngine({ dataDir: dir, maxConnections: 8, log: (l) => log.push(l) });
    const csv = path.join(dir, 'rows.csv');
    fs.writeFileSync(csv, '3,z\n');
    try {
      const before = served.pid;
      expect((await psql(served.url, "CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, 'x'), (2, 'y')")).code).toBe(0);

      const copyIn = await psql(served.url, `\\copy t from '${csv}' csv`);
      expect(copyIn.code).not.toBe(0);
      expect(copyIn.err).toContain(`ERROR:  ${COPY_FROM_STDIN_REFUSAL}`);
      expect(copyIn.err).toContain('npm run import');
      expect(copyIn.err).not.toMatch(/protocol synchronization/);

      // Inside a transaction the refusal aborts it, as any error does on a real server.
      const inTx = await psql(served.url, 'BEGIN', `\\copy t from '${csv}' csv`);
      expect(inTx.err).toContain(COPY_FROM_STDIN_REFUSAL);

      // The same statement over the extended protocol (a named prepared statement).
      const c = new pg.Client({ connectionString: served.url });
      await c.connect();
      await expect(c.query({ name: 'copy-in', text: 'COPY t FROM STDIN' })).rejects.toThrow(COPY_FROM_STDIN_REFUSAL);
      expect((await c.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 2 }]);
      await c.end();

      // Plain queries and \copy … to still work, at once, on the same engine process.
      const count = await psql(served.url, 'SELECT count(*) FROM t');
      expect(count.code).toBe(0);
      expect(count.out).toMatch(/\b2\b/);
      const out = path.join(dir, 'out.csv');
      const copyOut = await psql(served.url, `\\copy t to '${out}' csv`);
      expect(copyOut.code).toBe(0);
      expect(fs.readFileSync(out, 'utf8')).toBe('1,x\n2,y\n');
      expect(await query(served.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      expect(served.pid).toBe(before);
      expect(log.filter((l) => /restarting it/.test(l))).toEqual([]);
    } finally {
      await served.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
