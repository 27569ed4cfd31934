import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { listSessionMemory, purgeExpiredMemory, SESSION_PAGE_SIZE } from './session-memory';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
  // 60 live (one with no expiry), 15 expired; created a minute apart, newest first by index.
  await projectPool().query(`
    INSERT INTO memory (id, session_id, key, value, created_at, expires_at)
    SELECT 'm' || g, 's' || (g % 3), 'key-' || g, CASE WHEN g = 7 THEN 'rotate the deploy token' ELSE 'note ' || g END,
           NOW() - g * interval '1 minute',
           CASE WHEN g = 1 THEN NULL WHEN g > 60 THEN NOW() - interval '1 hour' ELSE NOW() + interval '1 day' END
    FROM generate_series(1, 75) g`);
});
afterAll(async () => stopTestDatabase(engine));

describe('session memory', () => {
  it('pages newest first and counts live and expired over the whole table', async () => {
    const first = await listSessionMemory({});
    expect(first).toMatchObject({ total: 75, page: 1, pages: 2, live: 60, expired: 15 });
    expect(first.rows).toHaveLength(SESSION_PAGE_SIZE);
    expect(first.rows[0].id).toBe('m1');
    const second = await listSessionMemory({ page: '2' });
    expect(second.rows.map((r) => r.id)).toEqual(Array.from({ length: 25 }, (_, i) => `m${51 + i}`));
  });

  it('filters live (no expiry counts as live) or expired, and by text', async () => {
    const live = await listSessionMemory({ state: 'live' });
    expect(live.total).toBe(60);
    expect(live.rows.some((r) => r.id === 'm1')).toBe(true);
    const expired = await listSessionMemory({ state: 'expired' });
    expect(expired.total).toBe(15);
    expect(expired.rows.every((r) => r.expired === true)).toBe(true);
    const text = await listSessionMemory({ text: 'deploy' });
    expect(text.rows.map((r) => r.id)).toEqual(['m7']);
    expect(text).toMatchObject({ total: 1, live: 60, expired: 15 });
  });

  it('refuses bad filters naming the field', async () => {
    await expect(listSessionMemory({ state: 'stale' })).rejects.toThrow('state: must be all, live or expired');
    await expect(listSessionMemory({ page: 'x' })).rejects.toThrow('page: must be a whole number');
    await expect(listSessionMemory({ text: 'x'.repeat(201) })).rejects.toThrow('text: at most 200 characters');
  });

  it('purges only expired entries', async () => {
    expect(await purgeExpiredMemory({ id: null, email: 'test' })).toBe(15);
    expect(await listSessionMemory({})).toMatchObject({ total: 60, expired: 0 });
  });
});
