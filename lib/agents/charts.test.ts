// Swarm charts on the embedded engine: events per minute by type, task state changes and metric
// means land in the window's buckets; rows outside the window are left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { swarmCharts } from './charts';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
  const db = projectPool();
  await db.query("INSERT INTO agents (id, name, agent_type, status) VALUES ('a1', 'one', 'coder', 'active')");
  // 30 and 90 minutes ago: inside the 24h window, in different 15-minute buckets; 3 days ago: outside it.
  await db.query(`INSERT INTO events (id, event_type, agent_id, "timestamp") VALUES
    ('e1', 'task_completed', 'a1', now() - interval '30 minutes'), ('e2', 'task_completed', 'a1', now() - interval '30 minutes'),
    ('e3', 'heartbeat', 'a1', now() - interval '90 minutes'), ('e4', 'heartbeat', 'a1', now() - interval '3 days')`);
  await db.query(`INSERT INTO tasks (id, task_type, status, created_at, started_at, completed_at, updated_at) VALUES
    ('t1', 'x', 'completed', now() - interval '90 minutes', now() - interval '90 minutes', now() - interval '30 minutes', now() - interval '30 minutes'),
    ('t2', 'x', 'failed', now() - interval '90 minutes', NULL, NULL, now() - interval '30 minutes')`);
  await db.query(`INSERT INTO metrics (id, agent_id, metric_type, value, unit, "timestamp") VALUES
    ('m1', 'a1', 'latency', 100, 'ms', now() - interval '30 minutes'), ('m2', 'a1', 'latency', 300, 'ms', now() - interval '30 minutes'),
    ('m3', 'a1', 'latency', 999, 'ms', now() - interval '3 days')`);
}, 120_000);
afterAll(async () => stopTestDatabase(engine));

const sum = (rows: Record<string, number>[], key: string) => rows.reduce((s, r) => s + (r[key] ?? 0), 0);

describe('swarm charts', () => {
  it('buckets a 24h window by 15 minutes: events per minute by type, task changes, metric means', async () => {
    const c = await swarmCharts({ window: '24h' });
    expect(c.stepMs).toBe(15 * 60_000);
    expect(c.eventTypes).toEqual(['task_completed', 'heartbeat']);
    expect(sum(c.events, 'task_completed')).toBeCloseTo(2 / 15);
    expect(sum(c.events, 'heartbeat')).toBeCloseTo(1 / 15); // the one 3 days ago is outside
    expect(c.events.every((r) => r.t >= c.from && r.t < c.to)).toBe(true);
    expect({ created: sum(c.tasks, 'created'), started: sum(c.tasks, 'started'), completed: sum(c.tasks, 'completed'), failed: sum(c.tasks, 'failed') })
      .toEqual({ created: 2, started: 1, completed: 1, failed: 1 });
    expect(c.metrics).toEqual([{ type: 'latency', unit: 'ms', samples: 2, points: [{ t: expect.any(Number), mean: 200, max: 300 }] }]);
  });

  it('reaches back over 7 days, and refuses an unknown window by name', async () => {
    const c = await swarmCharts({ window: '7d' });
    expect(sum(c.events, 'heartbeat') * 120).toBeCloseTo(2);
    expect(c.metrics[0].samples).toBe(3);
    await expect(swarmCharts({ window: '1y' })).rejects.toThrow(/window: must be one of 15m, 1h, 24h, 7d/);
  });
});
