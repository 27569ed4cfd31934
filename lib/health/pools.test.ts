// GET /api/health against a real embedded engine: healthy while it runs, 503 once it is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { GET } from '@/app/api/health/route';

let engine: EmbeddedEngine;
let stopped = false;
beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => {
  if (!stopped) await stopTestDatabase(engine);
});

describe('GET /api/health', () => {
  it('reports the project pool healthy with its round-trip time', async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('healthy');
    expect(body.pools).toHaveLength(1);
    expect(body.pools[0]).toMatchObject({ name: 'project', status: 'healthy', max: 1 });
    expect(body.pools[0].latencyMs).toBeGreaterThan(0);
  });

  it('answers 503 with the reason when the project database is down', async () => {
    await engine.stop();
    stopped = true;
    const res = await GET();
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe('unhealthy');
    expect(body.pools[0].status).toBe('down');
    expect(body.pools[0].latencyMs).toBeNull();
    expect(body.pools[0].error).toBeTruthy();
  });
});
