// The Health page's Redis card reads the machine's real Redis; a server that is not there is reported, not thrown.
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStateBackend } from '@/lib/state/backend';
import { parseInfo, redactRedisUrl, redisStatusOf } from './redis';

const REDIS_URL = process.env.RECALL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const live = new RedisStateBackend(REDIS_URL);
const dead = new RedisStateBackend('redis://127.0.0.1:1');
afterAll(async () => Promise.all([live.close(), dead.close()]));

describe('Redis status', () => {
  it('reports latency, memory, keys and hit rate from INFO', async () => {
    const s = await redisStatusOf(live.client, REDIS_URL);
    expect(s).toMatchObject({ ok: true, url: 'redis://127.0.0.1:6379' });
    expect(s.latencyMs).toBeGreaterThan(0);
    expect(s.version).toMatch(/^\d+\.\d+/);
    expect(s.usedMemoryBytes).toBeGreaterThan(0);
    expect(Number.isInteger(s.keys)).toBe(true);
    expect(s.hitRate === null || (s.hitRate! >= 0 && s.hitRate! <= 1)).toBe(true);
  });

  it('says what went wrong when Redis does not answer', async () => {
    const s = await redisStatusOf(dead.client, 'redis://:secret@127.0.0.1:1');
    expect(s.ok).toBe(false);
    expect(s.error).toBeTruthy();
    expect(s.url).toBe('redis://:***@127.0.0.1:1');
  });

  it('parses INFO and hides passwords', () => {
    expect(parseInfo('# Server\r\nredis_version:7.0.15\r\nkeyspace_hits:3\r\n').get('redis_version')).toBe('7.0.15');
    expect(redactRedisUrl('redis://user:pw@host:6379/0')).toBe('redis://user:***@host:6379/0');
  });
});
