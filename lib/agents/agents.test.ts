import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { swarmOverview, writesPerDay } from './agents';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
  await projectPool().query(`
    INSERT INTO agents (id, name, agent_type, status, heartbeat) VALUES ('a1', 'coder-1', 'coder', 'busy', NOW() - interval '30 seconds'), ('a2', 'tester-1', 'tester', 'idle', NOW());
    INSERT INTO tasks (id, task_type, priority, status, assigned_to) VALUES
      ('t1', 'x', 'high', 'running', 'a1'), ('t2', 'x', 'low', 'completed', 'a1'), ('t3', 'x', 'low', 'failed', 'a2'),
      ('t4', 'x', 'critical', 'pending', NULL), ('t5', 'x', 'critical', 'pending', NULL);
    INSERT INTO messages (id, from_agent, to_agent, message_type, read) VALUES ('m1', 'a2', 'a1', 'q', false), ('m2', 'a2', 'a1', 'q', true);
    INSERT INTO events (id, event_type, agent_id) VALUES ('e1', 'task_completed', 'a1');
    INSERT INTO memory_entries (namespace, key, value, created_at) VALUES ('n', 'today', 'v', NOW()), ('n', 'old', 'v', NOW() - interval '3 days');`);
});
afterAll(async () => stopTestDatabase(engine));

describe('agent swarm overview', () => {
  it('counts tasks, unread messages and heartbeat age per agent', async () => {
    const o = await swarmOverview();
    expect(o.agents.map((a) => [a.id, a.active_tasks, a.completed_tasks, a.failed_tasks, a.unread])).toEqual([
      ['a1', 1, 1, 0, 1], ['a2', 0, 0, 1, 0],
    ]);
    expect(o.agents[0].heartbeat_age).toBeGreaterThanOrEqual(29);
    expect(o.tasks).toEqual({ pending: 2, assigned: 0, running: 1, completed: 1, failed: 1, cancelled: 0 });
    expect(o.pendingByPriority).toEqual({ critical: 2 });
    expect(o.events[0]).toMatchObject({ event_type: 'task_completed', agent: 'coder-1' });
  });

  it('counts memory writes per day, with the empty days', async () => {
    const days = await writesPerDay(7);
    expect(days).toHaveLength(7);
    expect(days.at(-1)!.created).toBe(1);
    expect(days.at(-4)!.created).toBe(1);
    expect(days.reduce((s, d) => s + d.created, 0)).toBe(2);
  });

  it('keeps the per-day counts exact through upserts, moves between days and namespaces, deletes and truncation', async () => {
    const kept = async () => (await projectPool().query('SELECT namespace, day::text AS day, created::int AS n FROM recall.memory_daily_writes ORDER BY 1, 2')).rows;
    const truth = async () => (await projectPool().query(
      'SELECT namespace, created_at::date::text AS day, count(*)::int AS n FROM memory_entries WHERE created_at IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2')).rows;
    const steps = [
      "INSERT INTO memory_entries (namespace, key, value) SELECT 'd' || (g % 2), 'k' || g, 'v' FROM generate_series(1, 6) g",
      "INSERT INTO memory_entries (namespace, key, value) VALUES ('d1', 'k1', 'again'), ('d1', 'k9', 'new') ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value",
      "UPDATE memory_entries SET created_at = created_at - interval '2 days' WHERE key IN ('k2', 'k3')",
      "UPDATE memory_entries SET namespace = 'd2' WHERE key = 'k4'",
      "UPDATE memory_entries SET created_at = NULL WHERE key = 'k5'",
      "UPDATE memory_entries SET value = 'only the value' WHERE namespace LIKE 'd%'",
      "DELETE FROM memory_entries WHERE key IN ('k6', 'k2')",
    ];
    for (const sql of steps) {
      await projectPool().query(sql);
      expect(await kept(), sql).toEqual(await truth());
    }
    expect((await kept()).every((r) => r.n > 0)).toBe(true);
    const days = await writesPerDay(7);
    expect(days.reduce((s, d) => s + d.created, 0)).toBe((await truth()).filter((r) => r.day >= new Date(days[0].t).toISOString().slice(0, 10)).reduce((s, r) => s + r.n, 0));
    await projectPool().query('TRUNCATE memory_entries');
    expect(await kept()).toEqual([]);
  });
});
