// Seed 001's StateBackend sliding window, one suite run against both backends: the in-memory one and
// Redis (the machine's real server on 127.0.0.1:6379, keys under a prefix unique to this run).
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { InMemoryStateBackend, RedisStateBackend, type StateBackend } from './backend';

const REDIS_URL = process.env.RECALL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `recall-test:${process.pid}-${randomBytes(4).toString('hex')}:`;
const opened: StateBackend[] = [];
const open = <B extends StateBackend>(b: B) => (opened.push(b), b);

afterAll(async () => {
  const r = open(new RedisStateBackend(REDIS_URL, ''));
  const keys = await r.client.keys(`${prefix}*`);
  if (keys.length) await r.client.del(...keys);
  await Promise.all(opened.map((b) => b.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const key = () => `k${++n}`;

describe.each([
  ['memory', () => open(new InMemoryStateBackend())],
  ['redis', () => open(new RedisStateBackend(REDIS_URL, prefix))],
] as const)('%s backend', (_kind, make) => {
  const b = make();

  it('allows `limit` attempts in the window, then refuses and says when there is room', async () => {
    const k = key();
    for (let i = 0; i < 3; i++) {
      const r = await b.slidingWindow(k, { limit: 3, windowMs: 60_000, record: 'ifAllowed' });
      expect(r).toMatchObject({ before: i, count: i + 1, allowed: true });
    }
    const refused = await b.slidingWindow(k, { limit: 3, windowMs: 60_000, record: 'ifAllowed' });
    expect(refused).toMatchObject({ before: 3, count: 3, allowed: false });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('only counts with record: never, and records past the limit with record: always', async () => {
    const k = key();
    expect(await b.slidingWindow(k, { limit: 2, windowMs: 60_000, record: 'never' })).toEqual({ before: 0, count: 0, allowed: true, retryAfterMs: 0 });
    for (let i = 0; i < 4; i++) await b.slidingWindow(k, { limit: 2, windowMs: 60_000, record: 'always' });
    const r = await b.slidingWindow(k, { limit: 2, windowMs: 60_000, record: 'never' });
    expect(r).toMatchObject({ before: 4, count: 4, allowed: false });
  });

  it('slides: attempts older than the window no longer count', async () => {
    const k = key();
    await b.slidingWindow(k, { limit: 1, windowMs: 200, record: 'always' });
    expect((await b.slidingWindow(k, { limit: 1, windowMs: 200, record: 'never' })).allowed).toBe(false);
    await sleep(350);
    expect(await b.slidingWindow(k, { limit: 1, windowMs: 200, record: 'never' })).toEqual({ before: 0, count: 0, allowed: true, retryAfterMs: 0 });
  });

  it('gives exactly `limit` of many concurrent attempts (check and record are one step)', async () => {
    const k = key();
    const results = await Promise.all(Array.from({ length: 50 }, () => b.slidingWindow(k, { limit: 10, windowMs: 60_000, record: 'ifAllowed' })));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it("keeps seed 001's rate_limit_check: (allowed, remaining)", async () => {
    const k = key();
    expect(await b.rateLimitCheck(k, 2, 60)).toEqual([true, 1]);
    expect(await b.rateLimitCheck(k, 2, 60)).toEqual([true, 0]);
    expect(await b.rateLimitCheck(k, 2, 60)).toEqual([false, 0]);
    await b.reset(k);
    expect(await b.rateLimitCheck(k, 2, 60)).toEqual([true, 1]);
  });

  it('keepMax keeps the larger value whatever order the writes arrive in, and forgets it after its ttl', async () => {
    const k = key();
    expect(await b.readMax(k)).toBeNull();
    await b.keepMax(k, '00000000000000a0', 60_000);
    await b.keepMax(k, '000000000000009f', 60_000); // an older position arriving late
    expect(await b.readMax(k)).toBe('00000000000000a0');
    await b.keepMax(k, '0000000100000000', 60_000);
    expect(await b.readMax(k)).toBe('0000000100000000');
    const short = key();
    await b.keepMax(short, '0000000000000001', 30);
    await sleep(80);
    expect(await b.readMax(short)).toBeNull();
  });

  it('putLive keeps one entry per member of a group, replaced by the next, gone after its ttl', async () => {
    const g = key();
    await b.putLive(g, 'one', 'first', 60_000);
    await b.putLive(g, 'one', 'second', 60_000);
    await b.putLive(g, 'two', 'short', 200);
    expect((await b.readLive(g)).sort((x, y) => x.member.localeCompare(y.member))).toEqual([{ member: 'one', value: 'second' }, { member: 'two', value: 'short' }]);
    await expect.poll(() => b.readLive(g), { timeout: 10_000 }).toEqual([{ member: 'one', value: 'second' }]);
    expect(await b.readLive(key())).toEqual([]);
  });

  it('keeps keys apart', async () => {
    const [a, c] = [key(), key()];
    await b.slidingWindow(a, { limit: 1, windowMs: 60_000, record: 'always' });
    expect((await b.slidingWindow(c, { limit: 1, windowMs: 60_000, record: 'never' })).allowed).toBe(true);
  });
});

describe('redis backend across console instances', () => {
  it('two instances share one window', async () => {
    const [one, two] = [open(new RedisStateBackend(REDIS_URL, prefix)), open(new RedisStateBackend(REDIS_URL, prefix))];
    const k = key();
    await one.slidingWindow(k, { limit: 2, windowMs: 60_000, record: 'always' });
    await two.slidingWindow(k, { limit: 2, windowMs: 60_000, record: 'always' });
    expect((await one.slidingWindow(k, { limit: 2, windowMs: 60_000, record: 'never' })).allowed).toBe(false);
  });
});
