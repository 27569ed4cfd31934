// Live pool figures combined across instances: two "instances" (two pools on the machine's
// PostgreSQL 15, each with its own Redis client on the machine's Redis, keys under a prefix unique to
// this run) publish what they hold; either one's Health sees both and their sum, an instance that stops
// publishing drops out when its TTL runs out, and without Redis it is this instance only, saying so.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_PG_URL, probeNativeServer, skipNotice, testPool } from '@/lib/testing/database';
import { InMemoryStateBackend, RedisStateBackend } from '@/lib/state/backend';
import { withLane } from '@/lib/db/lanes';
import type { InstrumentedPool } from '@/lib/db/pools';
import { combinedPools, publishPoolSnapshot, SNAPSHOT_GROUP } from './instances';

const REDIS_URL = process.env.RECALL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `recall-test:${process.pid}-${randomBytes(4).toString('hex')}:`;
const native = await probeNativeServer();
const skip = skipNotice('pool figures across instances (native PostgreSQL 15)', native.missing);

describe.skipIf(skip)('pool figures across instances', () => {
  let a: InstrumentedPool;
  let b: InstrumentedPool;
  const redisA = new RedisStateBackend(REDIS_URL, prefix);
  const redisB = new RedisStateBackend(REDIS_URL, prefix);
  const held: pg.PoolClient[] = [];

  beforeAll(async () => {
    a = testPool(NATIVE_PG_URL, { max: 4, bulkMax: 2 });
    b = testPool(NATIVE_PG_URL, { max: 6, bulkMax: 3 });
    // Instance A holds two connections for pages; B one for pages and one in its bulk lane.
    held.push(await a.connect(), await a.connect(), await b.connect(), await withLane('bulk', () => b.connect()));
  });
  afterAll(async () => {
    held.forEach((c) => c.release());
    await Promise.all([a?.end(), b?.end()]);
    const keys = await redisA.client.keys(`${prefix}*`);
    if (keys.length) await redisA.client.del(...keys);
    await Promise.all([redisA.close(), redisB.close()]);
  });

  it('each instance sees both, and the sum', async () => {
    await publishPoolSnapshot([a], { backend: redisA, instance: 'host-a:1' });
    await publishPoolSnapshot([b], { backend: redisB, instance: 'host-b:2' });

    const seen = await combinedPools([a], { backend: redisA, instance: 'host-a:1' });
    expect(seen).toMatchObject({ shared: true, backend: 'redis', error: null });
    expect(seen.instances.map((i) => [i.instance, i.self])).toEqual([['host-a:1', true], ['host-b:2', false]]);
    expect(seen.instances[1].ageMs).toBeGreaterThanOrEqual(0);
    expect(seen.instances[1].pools).toEqual([{ name: 'project', inUse: 2, idle: 0, waiting: 0, max: 6, bulk: { max: 3, inUse: 1, waiting: 0 } }]);
    expect(seen.totals).toEqual([{ name: 'project', inUse: 4, idle: 0, waiting: 0, max: 10, bulk: { max: 5, inUse: 1, waiting: 0 } }]);

    // From B's side: B first (its own figures, taken now), then A.
    const fromB = await combinedPools([b], { backend: redisB, instance: 'host-b:2' });
    expect(fromB.instances.map((i) => i.instance)).toEqual(['host-b:2', 'host-a:1']);
    expect(fromB.totals[0].inUse).toBe(4);
  });

  it('counts callers waiting for a connection', async () => {
    // A's pool of 4 has 2 held; two more take the rest and a third asks, so it waits.
    const more = [await a.connect(), await a.connect()];
    const third = a.connect();
    await expect.poll(() => a.waiting()).toBe(1);
    await publishPoolSnapshot([a], { backend: redisA, instance: 'host-a:1' });
    const seen = await combinedPools([b], { backend: redisB, instance: 'host-b:2' });
    expect(seen.instances.find((i) => i.instance === 'host-a:1')!.pools[0]).toMatchObject({ inUse: 4, waiting: 1 });
    expect(seen.totals[0]).toMatchObject({ inUse: 6, waiting: 1 });
    more[0].release(); // the waiting caller gets it
    (await third).release();
    more[1].release();
  });

  it('an instance that stops publishing drops out when its figure expires', async () => {
    await publishPoolSnapshot([b], { backend: redisB, instance: 'host-c:3', ttlMs: 300 });
    expect((await combinedPools([a], { backend: redisA, instance: 'host-a:1' })).instances.map((i) => i.instance)).toContain('host-c:3');
    await expect.poll(async () => (await combinedPools([a], { backend: redisA, instance: 'host-a:1' })).instances.map((i) => i.instance), { timeout: 10_000 })
      .not.toContain('host-c:3');
  });

  it('leaves out what does not parse', async () => {
    await redisB.putLive(SNAPSHOT_GROUP, 'host-x:9', '{"instance":"host-x:9","at":"soon","pools":[]}', 60_000);
    await redisB.putLive(SNAPSHOT_GROUP, 'host-y:9', 'not json', 60_000);
    const seen = await combinedPools([a], { backend: redisA, instance: 'host-a:1' });
    expect(seen.instances.map((i) => i.instance)).not.toContain('host-x:9');
    expect(seen.instances.map((i) => i.instance)).not.toContain('host-y:9');
  });

  it('without Redis: this instance only, and says so', async () => {
    const memory = new InMemoryStateBackend();
    await publishPoolSnapshot([b], { backend: memory, instance: 'host-b:2' });
    const seen = await combinedPools([a], { backend: memory, instance: 'host-a:1' });
    expect(seen).toMatchObject({ shared: false, backend: 'memory', error: null });
    expect(seen.instances.map((i) => i.instance)).toEqual(['host-a:1']);
    expect(seen.totals[0]).toMatchObject({ inUse: 2, max: 4 });
  });

  it('Redis not answering: this instance only, with why', async () => {
    const gone = new RedisStateBackend('redis://127.0.0.1:1', prefix);
    try {
      const seen = await combinedPools([a], { backend: gone, instance: 'host-a:1' });
      expect(seen.shared).toBe(true);
      expect(seen.error).toMatch(/did not answer/);
      expect(seen.instances.map((i) => i.instance)).toEqual(['host-a:1']);
    } finally {
      await gone.close();
    }
  });
});
