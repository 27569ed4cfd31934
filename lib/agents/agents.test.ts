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
});
