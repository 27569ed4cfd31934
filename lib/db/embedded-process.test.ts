// The supervised engine process: data survives a restart, and a crashed engine comes back on its port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
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
