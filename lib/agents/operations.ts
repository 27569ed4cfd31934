// Operating the swarm (seed 003), not only reading it: an agent's page, and the admin actions that
// unstick work — pause/resume/shut down an agent, release a dead agent's task back to pending,
// reassign or cancel a task, retry a failed one.
//
// The rule every task action keeps: a live agent never loses a task it holds. "Live" means not shut
// down or in error, with a heartbeat newer than STALE_HEARTBEAT_SECONDS. Each action locks the
// holder's agent row first (so a heartbeat arriving meanwhile waits, and is seen), checks it, then
// changes the task with a conditional UPDATE … WHERE status / assigned_to are what the admin saw,
// the same compare-and-set as seed 003's claim_task. Zero rows changed means someone else moved
// first; the admin is told what the task is now, and nothing is changed.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ConflictError, NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';

/** An agent that has not reported within this is treated as dead: its tasks may be released. */
export const STALE_HEARTBEAT_SECONDS = 300;

const LIVE_STATUSES_EXCLUDED = ['shutdown', 'error'];

const idField = (what: string) => z.string({ error: 'required' }).trim().min(1, 'required').max(200, `at most 200 characters`).describe(what);
const nullableId = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.string().max(200, 'at most 200 characters').nullable());

export interface AgentLiveness {
  id: string;
  status: string;
  heartbeatAge: number;
  live: boolean;
}

const livenessSql = `SELECT id, status, extract(epoch FROM NOW() - heartbeat)::float8 AS age FROM agents WHERE id = $1`;

function liveness(r: { id: string; status: string; age: number }): AgentLiveness {
  const age = Number(r.age);
  return { id: r.id, status: r.status, heartbeatAge: age, live: !LIVE_STATUSES_EXCLUDED.includes(r.status) && age <= STALE_HEARTBEAT_SECONDS };
}

/** Locks the agent's row for the rest of the transaction and says whether it is live. */
async function lockAgent(client: Queryable, id: string): Promise<AgentLiveness | null> {
  const { rows } = await client.query(`${livenessSql} FOR UPDATE`, [id]);
  return rows[0] ? liveness(rows[0]) : null;
}

const secs = (n: number) => (n < 120 ? `${Math.round(n)} s` : n < 7200 ? `${Math.round(n / 60)} min` : `${Math.round(n / 3600)} h`);

async function recordEvent(client: Queryable, type: string, agentId: string | null, data: Record<string, unknown>) {
  await client.query(`INSERT INTO events (id, event_type, agent_id, data) VALUES ($1, $2, $3, $4::jsonb)`,
    [`evt-admin-${randomUUID()}`, type, agentId, JSON.stringify(data)]);
}

// ---- seed 003's claim_task -------------------------------------------------------------------

/**
 * seed 003's claim_task: atomically gives a pending task whose dependencies are all completed to an
 * agent. True if this call won; false if another agent has it (or it is not claimable).
 */
export async function claimTask(db: Queryable, taskId: string, agentId: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE tasks t SET status = 'assigned', assigned_to = $2, started_at = NOW(), updated_at = NOW()
      WHERE t.id = $1 AND t.status = 'pending' AND t.assigned_to IS NULL
        AND NOT EXISTS (SELECT 1 FROM unnest(t.dependencies) d LEFT JOIN tasks dt ON dt.id = d WHERE dt.status IS DISTINCT FROM 'completed')`,
    [taskId, agentId],
  );
  return r.rowCount === 1;
}

// ---- task actions ----------------------------------------------------------------------------

const taskRef = {
  task: idField('task id'),
  /** What the admin saw: the change applies only if the task is still so. */
  expect_status: z.enum(['pending', 'assigned', 'running', 'completed', 'failed', 'cancelled'], { error: 'must be a task status' }),
  expect_assignee: nullableId,
};

export const releaseInput = z.object(taskRef);
export const reassignInput = z.object({ ...taskRef, to_agent: idField('agent id') });
export const cancelInput = z.object(taskRef);
export const retryInput = z.object({ task: idField('task id') });

interface TaskRow { id: string; status: string; assigned_to: string | null; retry_count: number; max_retries: number }

async function currentTask(client: Queryable, id: string): Promise<TaskRow> {
  const { rows } = await client.query<TaskRow>('SELECT id, status, assigned_to, retry_count, max_retries FROM tasks WHERE id = $1', [id]);
  if (!rows[0]) throw new NotFoundError(`task: no task "${id}"`);
  return rows[0];
}

const describeTask = (t: TaskRow) => `${t.status}${t.assigned_to ? `, held by ${t.assigned_to}` : ''}`;

/** Refuses when the task's holder is live; locks the holder so it cannot come back to life meanwhile. */
async function guardHolder(client: Queryable, t: TaskRow, verb: string) {
  if (!t.assigned_to || !['assigned', 'running'].includes(t.status)) return null;
  const holder = await lockAgent(client, t.assigned_to);
  if (holder?.live) {
    throw new ConflictError(
      `task: ${t.assigned_to} is alive (status ${holder.status}, heartbeat ${secs(holder.heartbeatAge)} ago) and holds ${t.id}; ` +
        `a live agent's task is never ${verb}. Mark the agent shut down first, or wait until its heartbeat is over ${secs(STALE_HEARTBEAT_SECONDS)} old.`,
    );
  }
  return holder;
}

/** The compare-and-set: applies `set` only if the task is still as the admin saw it. */
async function casTask(client: Queryable, p: { task: string; expect_status: string; expect_assignee: string | null }, set: string, params: unknown[] = []) {
  const r = await client.query(
    `UPDATE tasks SET ${set}, updated_at = NOW() WHERE id = $1 AND status = $2 AND assigned_to IS NOT DISTINCT FROM $3`,
    [p.task, p.expect_status, p.expect_assignee, ...params],
  );
  if (r.rowCount !== 1) {
    const now = await currentTask(client, p.task);
    throw new ConflictError(`task: ${p.task} changed since you looked (it is ${describeTask(now)} now); nothing was changed.`);
  }
}

async function checkExpected(client: Queryable, p: { task: string; expect_status: string; expect_assignee: string | null }) {
  const t = await currentTask(client, p.task);
  if (t.status !== p.expect_status || t.assigned_to !== p.expect_assignee) {
    throw new ConflictError(`task: ${p.task} changed since you looked (it is ${describeTask(t)} now); nothing was changed.`);
  }
  return t;
}

/** Release a task held by a dead agent (stale heartbeat, shut down or in error) back to pending. */
export const releaseTask = traced('agents.release_task', async function releaseTask(actor: Actor, input: unknown) {
  const p = parseInput(releaseInput, input);
  if (!['assigned', 'running'].includes(p.expect_status) || !p.expect_assignee) {
    throw new ValidationError('task', 'only an assigned or running task held by an agent can be released');
  }
  return withTransaction(projectPool(), async (client) => {
    const t = await checkExpected(client, p);
    const holder = await guardHolder(client, t, 'released');
    await casTask(client, p, "status = 'pending', assigned_to = NULL, started_at = NULL");
    await recordEvent(client, 'task_released', t.assigned_to, { task_id: t.id, by: actor.email, heartbeat_age_s: holder ? Math.round(holder.heartbeatAge) : null });
    await recordAudit(client, actor, 'task.release', t.id, { from: t.assigned_to, status: t.status });
    return `Released ${t.id} from ${t.assigned_to}; it is pending and claimable again.`;
  });
});

/** Give a pending task, or one held by a dead agent, to a live agent. */
export const reassignTask = traced('agents.reassign_task', async function reassignTask(actor: Actor, input: unknown) {
  const p = parseInput(reassignInput, input);
  if (!['pending', 'assigned', 'running'].includes(p.expect_status)) throw new ValidationError('task', `a ${p.expect_status} task cannot be reassigned; retry it instead`);
  if (p.to_agent === p.expect_assignee) throw new ValidationError('to_agent', 'the task is already held by this agent');
  return withTransaction(projectPool(), async (client) => {
    const t = await checkExpected(client, p);
    await guardHolder(client, t, 'reassigned');
    const target = await lockAgent(client, p.to_agent);
    if (!target) throw new NotFoundError(`to_agent: no agent "${p.to_agent}"`);
    if (!target.live || target.status === 'paused') {
      throw new ValidationError('to_agent', `${p.to_agent} cannot take work (status ${target.status}, heartbeat ${secs(target.heartbeatAge)} ago)`);
    }
    await casTask(client, p, "status = 'assigned', assigned_to = $4, started_at = NOW()", [p.to_agent]);
    await recordEvent(client, 'task_reassigned', p.to_agent, { task_id: t.id, from: t.assigned_to, by: actor.email });
    await recordAudit(client, actor, 'task.reassign', t.id, { from: t.assigned_to, to: p.to_agent });
    return `Reassigned ${t.id} to ${p.to_agent}.`;
  });
});

/** Cancel a pending task, or one held by a dead agent. */
export const cancelTask = traced('agents.cancel_task', async function cancelTask(actor: Actor, input: unknown) {
  const p = parseInput(cancelInput, input);
  if (!['pending', 'assigned', 'running'].includes(p.expect_status)) throw new ValidationError('task', `a ${p.expect_status} task cannot be cancelled`);
  return withTransaction(projectPool(), async (client) => {
    const t = await checkExpected(client, p);
    await guardHolder(client, t, 'cancelled');
    await casTask(client, p, "status = 'cancelled', completed_at = NOW()");
    await recordEvent(client, 'task_cancelled', t.assigned_to, { task_id: t.id, by: actor.email });
    await recordAudit(client, actor, 'task.cancel', t.id, { status: t.status, assignee: t.assigned_to });
    return `Cancelled ${t.id}.`;
  });
});

/** A failed task goes back to pending (unassigned) with its retry count raised. */
export const retryTask = traced('agents.retry_task', async function retryTask(actor: Actor, input: unknown) {
  const p = parseInput(retryInput, input);
  return withTransaction(projectPool(), async (client) => {
    const r = await client.query<TaskRow>(
      `UPDATE tasks SET status = 'pending', assigned_to = NULL, error = NULL, result = NULL, started_at = NULL, completed_at = NULL,
              retry_count = retry_count + 1, updated_at = NOW()
        WHERE id = $1 AND status = 'failed' RETURNING id, status, assigned_to, retry_count, max_retries`,
      [p.task],
    );
    if (r.rowCount !== 1) {
      const now = await currentTask(client, p.task);
      throw new ConflictError(`task: only a failed task can be retried; ${p.task} is ${describeTask(now)}.`);
    }
    const t = r.rows[0];
    await recordEvent(client, 'task_retried', null, { task_id: t.id, retry: t.retry_count, by: actor.email });
    await recordAudit(client, actor, 'task.retry', t.id, { retry_count: t.retry_count, max_retries: t.max_retries });
    return `Retrying ${t.id} (attempt ${t.retry_count} of ${t.max_retries}${t.retry_count > t.max_retries ? ', past its max_retries' : ''}); it is pending.`;
  });
});

// ---- agent actions ---------------------------------------------------------------------------

const AGENT_TRANSITIONS = {
  pause: { from: ['initializing', 'active', 'idle', 'busy'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  shutdown: { from: ['initializing', 'active', 'idle', 'busy', 'paused', 'error'], to: 'shutdown' },
} as const;
export type AgentCommand = keyof typeof AGENT_TRANSITIONS;

export const agentCommandInput = z.object({
  agent: idField('agent id'),
  command: z.enum(Object.keys(AGENT_TRANSITIONS) as [AgentCommand, ...AgentCommand[]], { error: 'must be pause, resume or shutdown' }),
  expect_status: z.string({ error: 'required' }).min(1, 'required').max(40, 'at most 40 characters'),
});

/** Pause, resume or mark an agent shut down, if its status is still what the admin saw. */
export const commandAgent = traced('agents.command', async function commandAgent(actor: Actor, input: unknown) {
  const p = parseInput(agentCommandInput, input);
  const t = AGENT_TRANSITIONS[p.command];
  if (!(t.from as readonly string[]).includes(p.expect_status)) {
    throw new ValidationError('command', `an agent that is ${p.expect_status} cannot be told to ${p.command}`);
  }
  return withTransaction(projectPool(), async (client) => {
    const r = await client.query('UPDATE agents SET status = $3, updated_at = NOW() WHERE id = $1 AND status = $2', [p.agent, p.expect_status, t.to]);
    if (r.rowCount !== 1) {
      const { rows } = await client.query('SELECT status FROM agents WHERE id = $1', [p.agent]);
      if (!rows[0]) throw new NotFoundError(`agent: no agent "${p.agent}"`);
      throw new ConflictError(`agent: ${p.agent} is ${rows[0].status} now, not ${p.expect_status}; nothing was changed.`);
    }
    await recordEvent(client, `agent_${t.to}`, p.agent, { by: actor.email, from: p.expect_status });
    await recordAudit(client, actor, `agent.${p.command}`, p.agent, { from: p.expect_status, to: t.to });
    return `${p.agent} is ${t.to} now.`;
  });
});

// ---- the agent page --------------------------------------------------------------------------

export interface AgentTask {
  id: string; task_type: string; priority: string; status: string; assigned_to: string | null; retry_count: number; max_retries: number;
  error: string | null; dependencies: string[]; created_at: Date; updated_at: Date; started_at: Date | null; completed_at: Date | null;
}

export const agentDetail = traced('agents.detail', async function agentDetail(rawId: unknown) {
  const id = parseInput(z.object({ id: idField('agent id') }), { id: rawId }).id;
  const pool = projectPool();
  const { rows } = await pool.query(
    `SELECT id, name, agent_type, status, capabilities, metadata, heartbeat, created_at, updated_at,
            extract(epoch FROM NOW() - heartbeat)::float8 AS age FROM agents WHERE id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError(`agent: no agent "${id}"`);
  const a = rows[0];
  const [tasks, events, messages, metrics] = await Promise.all([
    pool.query<AgentTask>(
      `SELECT id, task_type, priority, status, assigned_to, retry_count, max_retries, error, dependencies, created_at, updated_at, started_at, completed_at
         FROM tasks WHERE assigned_to = $1
        ORDER BY (status IN ('assigned', 'running')) DESC, updated_at DESC LIMIT 100`, [id]),
    pool.query(`SELECT id, event_type, data, "timestamp" FROM events WHERE agent_id = $1 ORDER BY "timestamp" DESC LIMIT 100`, [id]),
    pool.query(
      `SELECT id, from_agent, to_agent, message_type, content, read, "timestamp" FROM (
         (SELECT * FROM messages WHERE to_agent = $1 ORDER BY "timestamp" DESC LIMIT 50)
         UNION ALL
         (SELECT * FROM messages WHERE from_agent = $1 ORDER BY "timestamp" DESC LIMIT 50)) m
       ORDER BY "timestamp" DESC LIMIT 50`, [id]),
    // Daily averages per metric type over 30 days: a chart per type.
    pool.query(
      `SELECT metric_type, unit, extract(epoch FROM date_trunc('day', "timestamp")) * 1000 AS t, avg(value)::float8 AS value, count(*)::int AS n
         FROM metrics WHERE agent_id = $1 AND "timestamp" > NOW() - interval '30 days'
        GROUP BY 1, 2, 3 ORDER BY 1, 3`, [id]),
  ]);
  type Series = { type: string; unit: string; points: { t: number; value: number }[] };
  const series = new Map<string, Series>();
  for (const m of metrics.rows) {
    const s: Series = series.get(m.metric_type) ?? { type: m.metric_type, unit: m.unit, points: [] };
    s.points.push({ t: Number(m.t), value: Number(m.value) });
    series.set(m.metric_type, s);
  }
  const live = liveness({ id: a.id, status: a.status, age: a.age });
  return {
    agent: {
      id: a.id as string, name: a.name as string, agentType: a.agent_type as string, status: a.status as string,
      capabilities: a.capabilities as string[], metadata: a.metadata as Record<string, unknown>,
      heartbeat: a.heartbeat as Date, createdAt: a.created_at as Date, updatedAt: a.updated_at as Date,
      heartbeatAge: live.heartbeatAge, live: live.live,
    },
    tasks: tasks.rows,
    events: events.rows as { id: string; event_type: string; data: Record<string, unknown>; timestamp: Date }[],
    messages: messages.rows as { id: string; from_agent: string; to_agent: string; message_type: string; content: unknown; read: boolean; timestamp: Date }[],
    metrics: [...series.values()],
  };
});

/** Live agents that can take a task (for the reassign picker). */
export async function assignableAgents(db: Queryable = projectPool()) {
  const { rows } = await db.query(
    `SELECT id, name FROM agents WHERE status NOT IN ('shutdown', 'error', 'paused') AND heartbeat > NOW() - make_interval(secs => $1) ORDER BY name`,
    [STALE_HEARTBEAT_SECONDS],
  );
  return rows as { id: string; name: string }[];
}

/** Swarm-wide events and task completions per day over 30 days (the Agents page charts). */
export const swarmActivity = traced('agents.activity', async function swarmActivity(days = 30) {
  const { rows } = await projectPool().query(
    `SELECT extract(epoch FROM date_trunc('day', "timestamp")) * 1000 AS t,
            count(*)::int AS events,
            count(*) FILTER (WHERE event_type = 'task_completed')::int AS completed,
            count(*) FILTER (WHERE event_type = 'task_failed')::int AS failed
       FROM events WHERE "timestamp" > NOW() - make_interval(days => $1)
      GROUP BY 1 ORDER BY 1`, [days]);
  return rows.map((r) => ({ t: Number(r.t), events: r.events as number, completed: r.completed as number, failed: r.failed as number }));
});



/** Work that needs an admin: tasks held by dead agents, and failed tasks (newest first). */
export const tasksNeedingAttention = traced('agents.attention', async function tasksNeedingAttention(limit = 50) {
  const pool = projectPool();
  const [stuck, failed] = await Promise.all([
    pool.query(
      `SELECT t.id, t.task_type, t.priority, t.status, t.assigned_to, t.updated_at, a.status AS agent_status,
              extract(epoch FROM NOW() - a.heartbeat)::float8 AS heartbeat_age
         FROM tasks t JOIN agents a ON a.id = t.assigned_to
        WHERE t.status IN ('assigned', 'running')
          AND (a.status IN ('shutdown', 'error') OR a.heartbeat < NOW() - make_interval(secs => $1))
        ORDER BY array_position(ARRAY['critical', 'high', 'medium', 'low']::varchar[], t.priority), t.updated_at LIMIT $2`,
      [STALE_HEARTBEAT_SECONDS, limit]),
    pool.query(
      `SELECT id, task_type, priority, status, assigned_to, error, retry_count, max_retries, updated_at
         FROM tasks WHERE status = 'failed' ORDER BY updated_at DESC LIMIT $1`, [limit]),
  ]);
  return {
    stuck: stuck.rows as { id: string; task_type: string; priority: string; status: string; assigned_to: string; updated_at: Date; agent_status: string; heartbeat_age: number }[],
    failed: failed.rows as { id: string; task_type: string; priority: string; status: string; assigned_to: string | null; error: string | null; retry_count: number; max_retries: number; updated_at: Date }[],
  };
});
