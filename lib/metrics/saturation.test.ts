// The per-second record of a pool: on a clock of its own, and on a real pool of 2 on the embedded
// engine driven past its size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase, testPool } from '@/lib/testing/database';
import { SaturationRecord, saturationSummary, SATURATION_SECONDS } from './saturation';

describe('SaturationRecord', () => {
  it('keeps each second’s peaks and carries the state into quiet seconds', () => {
    let now = 1_000_000;
    const r = new SaturationRecord(() => now);
    r.observe(3, 0);
    r.observe(5, 2, 40);
    r.observe(4, 0, 120);
    now += 3_000;
    const s = r.seconds();
    expect(s).toHaveLength(SATURATION_SECONDS);
    expect(s.at(-4)).toEqual({ t: 1_000_000, inUse: 5, waiting: 2, longestWaitMs: 120 });
    // Nothing happened since: the pool stayed as the last event left it, and nobody waited.
    expect(s.at(-1)).toEqual({ t: 1_003_000, inUse: 4, waiting: 0, longestWaitMs: 0 });
    expect(s.at(-5)).toEqual({ t: 999_000, inUse: 0, waiting: 0, longestWaitMs: 0 });
    expect(r.seconds(900).at(-1)!.longestWaitMs).toBe(900);
  });

  it('calls a pool saturated only while it was full or made callers wait in the last 10 s', () => {
    let now = 5_000_000;
    const r = new SaturationRecord(() => now);
    r.observe(8, 0);
    expect(saturationSummary(r.seconds(), 10).saturated).toBe(false);
    r.observe(10, 3, 75);
    expect(saturationSummary(r.seconds(), 10)).toEqual({ saturated: true, peakInUse: 10, peakWaiting: 3, longestWaitMs: 75 });
    r.observe(2, 0);
    now += 11_000;
    expect(saturationSummary(r.seconds(), 10)).toEqual({ saturated: false, peakInUse: 2, peakWaiting: 0, longestWaitMs: 0 });
    now += SATURATION_SECONDS * 1000;
    r.observe(1, 0);
    expect(r.seconds().filter((x) => x.inUse >= 10)).toEqual([]); // older than a minute: gone
  });
});

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => {
  await stopTestDatabase(engine);
});

describe('a real pool driven past its size', () => {
  it('shows it full, the callers waiting and how long they waited', async () => {
    const pool = testPool(engine.url, { max: 2 });
    try {
      await pool.query('SELECT 1');
      expect(saturationSummary(pool.saturation.seconds(), 2).saturated).toBe(false);
      await Promise.all(Array.from({ length: 6 }, () => pool.query('SELECT pg_sleep(0.1)')));
      const seen = saturationSummary(pool.saturation.seconds(), 2);
      expect(seen.saturated).toBe(true);
      expect(seen.peakInUse).toBe(2);
      expect(seen.peakWaiting).toBeGreaterThanOrEqual(3);
      // The last two callers waited for two rounds of 100 ms statements.
      expect(seen.longestWaitMs).toBeGreaterThanOrEqual(150);
    } finally {
      await pool.end();
    }
  }, 60_000);
});
