// The embedded engine serves several connections on one backend: an extended-protocol query whose
// Bind arrives in many packets must not have another connection's simple Query run between its Parse
// and Bind (it would drop the unnamed statement).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { extendedProtocolOpenAfter, startEmbeddedEngine, type EmbeddedEngine } from './embedded';

const code = (c: string) => c.charCodeAt(0);

describe('embedded engine, several connections', () => {
  let engine: EmbeddedEngine;
  beforeAll(async () => {
    engine = await startEmbeddedEngine({ maxConnections: 4 });
  }, 120_000);
  afterAll(async () => engine?.stop());

  it('an exchange is open from Parse/Bind/Describe/Execute/Close to Sync; a simple Query ends it; Flush changes nothing', () => {
    expect(extendedProtocolOpenAfter(code('P'), false)).toBe(true);
    expect(extendedProtocolOpenAfter(code('H'), true)).toBe(true);
    expect(extendedProtocolOpenAfter(code('H'), false)).toBe(false);
    expect(extendedProtocolOpenAfter(code('S'), true)).toBe(false);
    expect(extendedProtocolOpenAfter(code('Q'), true)).toBe(false);
    expect(extendedProtocolOpenAfter(undefined, true)).toBe(true);
  });

  it('a 4 MB parameter query succeeds while another connection runs simple queries all along', async () => {
    const big = new pg.Client({ connectionString: engine.url });
    const busy = new pg.Client({ connectionString: engine.url });
    await big.connect();
    await busy.connect();
    let stop = false;
    let simple = 0;
    const loop = (async () => {
      while (!stop) {
        await busy.query('SELECT 1');
        simple++;
      }
    })();
    try {
      const results: number[] = [];
      for (let i = 0; i < 3; i++) results.push((await big.query('SELECT length($1::text) AS n', ['x'.repeat(4 << 20)])).rows[0].n);
      expect(results).toEqual([4 << 20, 4 << 20, 4 << 20]);
    } finally {
      stop = true;
      await loop;
      await big.end();
      await busy.end();
    }
    expect(simple).toBeGreaterThan(0);
  });

  it('a connection that leaves mid-exchange does not hold the engine for the others', async () => {
    const raw = new pg.Client({ connectionString: engine.url });
    raw.on('error', () => {}); // it is about to be cut off mid-exchange
    await raw.connect();
    // A Parse (of an empty statement) with no Sync after it, then the connection is dropped.
    const stream = (raw as unknown as { connection: { stream: { write(b: Buffer): void; destroy(): void } } }).connection.stream;
    const sql = Buffer.from('SELECT 1\0\0');
    const parse = Buffer.alloc(1 + 4 + sql.length + 2);
    parse.write('P', 0);
    parse.writeInt32BE(4 + sql.length + 2, 1);
    sql.copy(parse, 5);
    stream.write(parse);
    await new Promise((r) => setTimeout(r, 200));
    stream.destroy();
    const other = new pg.Client({ connectionString: engine.url });
    await other.connect();
    try {
      const answered = await Promise.race([
        other.query('SELECT 2 AS n').then((r) => r.rows[0].n),
        new Promise((r) => setTimeout(() => r('no answer within 10 s'), 10_000)),
      ]);
      expect(answered).toBe(2);
    } finally {
      await other.end();
      await raw.end().catch(() => {});
    }
  });
});
