// The agent swarm's persistence (seed 003): agents, their tasks, events, messages and metrics, read-only.
import { projectPool } from '@/lib/db/pools';
import { traced } from '@/lib/metrics/recorder';

export const TASK_STATUSES = ['pending', 'assigned', 'running', 'completed', 'failed', 'cancelled'] as const;

export const swarmOverview = traced('agents.overview', async function swarmOverview() {
  const pool = projectPool();
  const [agents, tasks, events, pendingByPriority] = await Promise.all([
    pool.query(`
      SELECT a.id, a.name, a.agent_type, a.status, a.capabilities, a.heartbeat,
             extract(epoch FROM NOW() - a.heartbeat)::float8 AS heartbeat_age,
             count(t.id) FILTER (WHERE t.status IN ('assigned', 'running'))::int AS active_tasks,
             count(t.id) FILTER (WHERE t.status = 'completed')::int AS completed_tasks,
             count(t.id) FILTER (WHERE t.status = 'failed')::int AS failed_tasks,
             (SELECT count(*)::int FROM messages m WHERE m.to_agent = a.id AND NOT m.read) AS unread
      FROM agents a LEFT JOIN tasks t ON t.assigned_to = a.id
      GROUP BY a.id ORDER BY a.name`),
    pool.query(`SELECT s AS status, count(t.id)::int AS n FROM unnest($1::text[]) s LEFT JOIN tasks t ON t.status = s GROUP BY s`, [TASK_STATUSES]),
    pool.query(`SELECT e.id, e.event_type, e.agent_id, a.name AS agent, e.data, e."timestamp"
                FROM events e LEFT JOIN agents a ON a.id = e.agent_id ORDER BY e."timestamp" DESC LIMIT 25`),
    pool.query(`SELECT priority, count(*)::int AS n FROM tasks WHERE status = 'pending' GROUP BY priority`),
  ]);
  const byStatus = Object.fromEntries(tasks.rows.map((r) => [r.status, r.n])) as Record<(typeof TASK_STATUSES)[number], number>;
  return {
    agents: agents.rows as {
      id: string; name: string; agent_type: string; status: string; capabilities: string[]; heartbeat: Date; heartbeat_age: number;
      active_tasks: number; completed_tasks: number; failed_tasks: number; unread: number;
    }[],
    tasks: byStatus,
    pendingByPriority: Object.fromEntries(pendingByPriority.rows.map((r) => [r.priority, r.n])) as Record<string, number>,
    events: events.rows,
  };
});

/** Memory entries written per day over the last `days` days (the Overview's chart). A range join, so each
 * day is a range scan of idx_memory_created rather than date_trunc over every row. */
export const writesPerDay = traced('overview.writes', async function writesPerDay(days = 30) {
  const { rows } = await projectPool().query(
    // From the per-(namespace, day) counts the triggers of migration 0013 keep, not memory_entries:
    // at most namespaces × days rows, whatever the table holds. created_at has no time zone, so the
    // days are LOCALTIMESTAMP's.
    `SELECT extract(epoch FROM d::timestamptz) * 1000 AS t, coalesce(sum(w.created), 0)::int AS created
     FROM generate_series(date_trunc('day', LOCALTIMESTAMP - make_interval(days => $1 - 1)), date_trunc('day', LOCALTIMESTAMP), interval '1 day') d
     LEFT JOIN recall.memory_daily_writes w ON w.day = d::date
     GROUP BY d ORDER BY d`,
    [days],
  );
  return rows.map((r) => ({ t: Number(r.t), created: r.created as number }));
});
