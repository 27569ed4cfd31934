// The bulk lane on the embedded engine (one backend: statements run one at a time, in arrival order):
// API traffic holds at most bulkMax connections, so a page's query is served before the bulk queue
// drains; without the lane it waits behind all of it. Also the gate on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from './embedded';
import { startTestDatabase, stopTestDatabase, testPool } from '@/lib/testing/database';
import { LaneGate, withLane, currentLane } from './lanes';
import type { InstrumentedPool } from './pools';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => {
  await stopTestDatabase(engine);
});

describe('LaneGate', () => {
  it('admits capacity holders and hands slots over first come, first served', async () => {
    const gate = new LaneGate(2);
    const a = await gate.enter();
    const b = await gate.enter();
    const order: string[] = [];
    const c = gate.enter().then((release) => (order.push('c'), release));
    const d = gate.enter().then((release) => (order.push('d'), release));
    await new Promise((r) => setTimeout(r, 10));
    expect([gate.holding, gate.queued, order]).toEqual([2, 2, []]);
    a();
    a(); // a second release of the same slot frees nothing more
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect([gate.holding, gate.queued]).toEqual([0, 0]);
  });

  it('runs outside a lane as interactive work', async () => {
    expect(currentLane()).toBe('interactive');
    expect(await withLane('bulk', async () => currentLane())).toBe('bulk');
  });
});

/** 12 bulk queries of 100 ms and, once they queue, one interactive query: how many finished before it. */
async function pageBehindBulk(pool: InstrumentedPool) {
  // Warm connections, as a running console's pool has: a new one would queue its start-up too.
  await Promise.all(Array.from({ length: 4 }, () => pool.query('SELECT 1')));
  const done: string[] = [];
  let peakBulk = 0;
  const bulk = Array.from({ length: 12 }, (_, i) =>
    withLane('bulk', () => pool.query('SELECT pg_sleep(0.1)')).then(() => {
      peakBulk = Math.max(peakBulk, pool.bulkLane.holding);
      done.push(`bulk ${i}`);
    }),
  );
  await new Promise((r) => setTimeout(r, 50));
  const waitingMeanwhile = pool.waiting();
  await pool.query('SELECT 1').then(() => done.push('page'));
  await Promise.all(bulk);
  return { bulkBeforePage: done.indexOf('page'), peakBulk, waitingMeanwhile };
}

describe('the bulk lane on the embedded engine', () => {
  it('serves a page query before the API queue drains, and caps what the API holds', async () => {
    const pool = testPool(engine.url, { max: 8, bulkMax: 2 });
    try {
      const r = await pageBehindBulk(pool);
      expect(r.peakBulk).toBeLessThanOrEqual(2);
      // At most the two bulk statements the engine already has run ahead of the page's.
      expect(r.bulkBeforePage).toBeLessThanOrEqual(3);
      expect(r.waitingMeanwhile).toBeGreaterThanOrEqual(9); // queued in the lane, shown as waiting
    } finally {
      await pool.end();
    }
  }, 60_000);

  it('puts a page first on a pool of one connection (the embedded console)', async () => {
    const pool = testPool(engine.url, { max: 1, bulkMax: 1 });
    try {
      const r = await pageBehindBulk(pool);
      expect(r.bulkBeforePage).toBeLessThanOrEqual(1); // the one bulk statement that held the connection
      expect(r.peakBulk).toBe(1);
    } finally {
      await pool.end();
    }
  }, 60_000);

  it('without the lane a page query waits behind the whole API queue', async () => {
    for (const max of [8, 1]) {
      const pool = testPool(engine.url, { max });
      try {
        const r = await pageBehindBulk(pool);
        expect(r.bulkBeforePage).toBeGreaterThanOrEqual(6);
      } finally {
        await pool.end();
      }
    }
  }, 60_000);
});
