// Operating the swarm on a real multi-connection server (native PostgreSQL): claimers race on their
// own sessions, so the compare-and-set and the agent-row lock are what keep a live agent's task safe.
import { beforeEach, describe, expect, it } from 'vitest';
import { testPool } from '@/lib/testing/database';
import { projectPool } from '@/lib/db/pools';
import { claimTask, releaseTask, reassignTask, cancelTask, retryTask, commandAgent, agentDetail, STALE_HEARTBEAT_SECONDS } from './operations';
import { useNativeProjectDatabase } from '@/lib/testing/native-project';

const admin = { id: null, email: 'admin@swarm.test' };
const CLAIMERS = 8;

const db = useNativeProjectDatabase('recall_swarm_ops', { poolMax: 6 });

beforeEach(async () => {
  await projectPool().query(`TRUNCATE agents, tasks, events, messages, metrics, recall.audit_log CASCADE`);
  // live: heartbeat 10 s ago; dead: past the stale limit; claimers: live agents that want work.
  await projectPool().query(
    `INSERT INTO agents (id, name, agent_type, status, heartbeat) VALUES
       ('live', 'live-1', 'coder', 'busy', NOW() - interval '10 seconds'),
       ('dead', 'dead-1', 'coder', 'busy', NOW() - make_interval(secs => $1 + 60)),
       ('gone', 'gone-1', 'coder', 'shutdown', NOW() - interval '5 seconds')`,
    [STALE_HEARTBEAT_SECONDS],
  );
  await projectPool().query(`INSERT INTO agents (id, name, agent_type, status) SELECT 'claimer-' || g, 'claimer ' || g, 'tester', 'active' FROM generate_series(1, ${CLAIMERS}) g`);
  await projectPool().query(
    `INSERT INTO tasks (id, task_type, status, assigned_to, started_at) VALUES
       ('t-live', 'review-pr', 'running', 'live', NOW()),
       ('t-dead', 'review-pr', 'running', 'dead', NOW()),
       ('t-gone', 'review-pr', 'assigned', 'gone', NOW()),
       ('t-pending', 'review-pr', 'pending', NULL, NULL)`,
  );
  await projectPool().query(`INSERT INTO tasks (id, task_type, status, error, retry_count) VALUES ('t-failed', 'run-evals', 'failed', 'timeout after 300s', 1)`);
});

/** Every claimer on its own connection, all at once, over and over until the task is taken or `rounds` pass. */
async function raceClaim(taskId: string, rounds: number, during?: () => Promise<unknown>) {
  const pools = Array.from({ length: CLAIMERS }, () => testPool(db.url, { max: 1 }));
  const wins: string[] = [];
  let stop = false;
  try {
    const claimers = pools.map(async (pool, i) => {
      for (let r = 0; r < rounds && !stop; r++) {
        if (await claimTask(pool, taskId, `claimer-${i + 1}`)) wins.push(`claimer-${i + 1}`);
        await new Promise((res) => setImmediate(res));
      }
    });
    const side = during ? during().finally(() => undefined) : Promise.resolve();
    const sideResult = await Promise.allSettled([side]);
    // Let the claimers run a little past the side action, then stop them.
    for (let r = 0; r < 20 && !wins.length && during; r++) await new Promise((res) => setTimeout(res, 25));
    stop = true;
    await Promise.all(claimers);
    return { wins, side: sideResult[0] };
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
}

const task = async (id: string) => (await projectPool().query('SELECT status, assigned_to, retry_count, error FROM tasks WHERE id = $1', [id])).rows[0];

describe('claim_task (seed 003)', () => {
  it('gives a pending task to exactly one of many concurrent claimers', async () => {
    const { wins } = await raceClaim('t-pending', 30);
    expect(wins).toHaveLength(1);
    expect(await task('t-pending')).toMatchObject({ status: 'assigned', assigned_to: wins[0] });
  });

  it('does not hand out a task whose dependencies are not completed', async () => {
    await projectPool().query(`INSERT INTO tasks (id, task_type, status, dependencies) VALUES ('t-after', 'plan-sprint', 'pending', '{t-pending}')`);
    expect(await claimTask(projectPool(), 't-after', 'claimer-1')).toBe(false);
    await projectPool().query(`UPDATE tasks SET status = 'completed' WHERE id = 't-pending'`);
    expect(await claimTask(projectPool(), 't-after', 'claimer-1')).toBe(true);
  });
});

describe('releasing a task', () => {
  it("releasing a stale agent's task makes it claimable again: exactly one concurrent claimer gets it", async () => {
    // Before the release nobody can claim it.
    const before = await raceClaim('t-dead', 5);
    expect(before.wins).toEqual([]);
    const { wins, side } = await raceClaim('t-dead', 400, () => releaseTask(admin, { task: 't-dead', expect_status: 'running', expect_assignee: 'dead' }));
    expect(side.status).toBe('fulfilled');
    expect(wins).toHaveLength(1);
    expect(await task('t-dead')).toMatchObject({ status: 'assigned', assigned_to: wins[0] });
    const audit = await projectPool().query(`SELECT target, details FROM recall.audit_log WHERE action = 'task.release'`);
    expect(audit.rows).toEqual([{ target: 't-dead', details: { from: 'dead', status: 'running' } }]);
    const events = await projectPool().query(`SELECT agent_id, data->>'task_id' AS task FROM events WHERE event_type = 'task_released'`);
    expect(events.rows).toEqual([{ agent_id: 'dead', task: 't-dead' }]);
  });

  it("a shut-down agent's task is released too, whatever its heartbeat", async () => {
    expect(await releaseTask(admin, { task: 't-gone', expect_status: 'assigned', expect_assignee: 'gone' })).toMatch(/^Released t-gone from gone/);
    expect(await task('t-gone')).toMatchObject({ status: 'pending', assigned_to: null });
  });

  it("a live agent's task is never taken: release, reassign and cancel are refused and claimers get nothing", async () => {
    const { wins, side } = await raceClaim('t-live', 100, () => releaseTask(admin, { task: 't-live', expect_status: 'running', expect_assignee: 'live' }));
    expect(side.status).toBe('rejected');
    expect(String((side as PromiseRejectedResult).reason.message)).toMatch(/^task: live is alive \(status busy, heartbeat \d+ s ago\) and holds t-live; a live agent's task is never released\./);
    expect(wins).toEqual([]);
    await expect(reassignTask(admin, { task: 't-live', expect_status: 'running', expect_assignee: 'live', to_agent: 'claimer-1' })).rejects.toThrow(/never reassigned/);
    await expect(cancelTask(admin, { task: 't-live', expect_status: 'running', expect_assignee: 'live' })).rejects.toThrow(/never cancelled/);
    expect(await task('t-live')).toMatchObject({ status: 'running', assigned_to: 'live' });
    expect((await projectPool().query(`SELECT count(*)::int AS n FROM recall.audit_log WHERE action LIKE 'task.%'`)).rows[0].n).toBe(0);
  });

  it('a heartbeat that arrives while the release waits wins: the agent is live again and keeps its task', async () => {
    // The agent's own session: a heartbeat in flight, holding its row.
    const agentSession = testPool(db.url, { max: 1 });
    const c = await agentSession.connect();
    try {
      await c.query('BEGIN');
      await c.query(`UPDATE agents SET heartbeat = NOW() WHERE id = 'dead'`);
      const release = releaseTask(admin, { task: 't-dead', expect_status: 'running', expect_assignee: 'dead' });
      const settled = release.then(() => 'released', (e: Error) => e.message);
      // The release is waiting on the agent's row lock, not deciding on the old heartbeat.
      const early = await Promise.race([settled, new Promise((r) => setTimeout(() => r('waiting'), 300))]);
      expect(early).toBe('waiting');
      await c.query('COMMIT');
      expect(await settled).toMatch(/^task: dead is alive/);
    } finally {
      c.release();
      await agentSession.end();
    }
    expect(await task('t-dead')).toMatchObject({ status: 'running', assigned_to: 'dead' });
  });

  it('refuses when the task changed since the admin looked (another claimer got there first)', async () => {
    await expect(releaseTask(admin, { task: 't-dead', expect_status: 'assigned', expect_assignee: 'dead' }))
      .rejects.toThrow('task: t-dead changed since you looked (it is running, held by dead now); nothing was changed.');
    await expect(releaseTask(admin, { task: 'nope', expect_status: 'running', expect_assignee: 'x' })).rejects.toThrow('task: no task "nope"');
    await expect(releaseTask(admin, { task: 't-pending', expect_status: 'pending', expect_assignee: '' })).rejects.toThrow('task: only an assigned or running task held by an agent can be released');
    await expect(releaseTask(admin, { task: '', expect_status: 'running' })).rejects.toThrow('task: required');
  });
});

describe('reassign, cancel, retry, agent commands', () => {
  it("reassigns a dead agent's task to a live agent, never to a paused or dead one", async () => {
    await expect(reassignTask(admin, { task: 't-dead', expect_status: 'running', expect_assignee: 'dead', to_agent: 'gone' }))
      .rejects.toThrow(/^to_agent: gone cannot take work \(status shutdown/);
    expect(await reassignTask(admin, { task: 't-dead', expect_status: 'running', expect_assignee: 'dead', to_agent: 'claimer-2' })).toBe('Reassigned t-dead to claimer-2.');
    expect(await task('t-dead')).toMatchObject({ status: 'assigned', assigned_to: 'claimer-2' });
    // A pending one too; its claimers now find it taken.
    expect(await reassignTask(admin, { task: 't-pending', expect_status: 'pending', expect_assignee: '', to_agent: 'claimer-3' })).toBe('Reassigned t-pending to claimer-3.');
    expect(await claimTask(projectPool(), 't-pending', 'claimer-1')).toBe(false);
  });

  it('cancels a pending task and retries a failed one (pending again, unassigned, retry count raised)', async () => {
    expect(await cancelTask(admin, { task: 't-pending', expect_status: 'pending', expect_assignee: '' })).toBe('Cancelled t-pending.');
    expect(await task('t-pending')).toMatchObject({ status: 'cancelled' });
    expect(await retryTask(admin, { task: 't-failed' })).toBe('Retrying t-failed (attempt 2 of 3); it is pending.');
    expect(await task('t-failed')).toMatchObject({ status: 'pending', assigned_to: null, retry_count: 2, error: null });
    expect(await claimTask(projectPool(), 't-failed', 'claimer-1')).toBe(true);
    await expect(retryTask(admin, { task: 't-failed' })).rejects.toThrow('task: only a failed task can be retried; t-failed is assigned, held by claimer-1.');
  });

  it('pauses, resumes and shuts down an agent if its status is still what the admin saw; a shut-down agent\'s task can then be released', async () => {
    await expect(commandAgent(admin, { agent: 'live', command: 'resume', expect_status: 'busy' })).rejects.toThrow('command: an agent that is busy cannot be told to resume');
    expect(await commandAgent(admin, { agent: 'live', command: 'pause', expect_status: 'busy' })).toBe('live is paused now.');
    await expect(commandAgent(admin, { agent: 'live', command: 'pause', expect_status: 'busy' })).rejects.toThrow('agent: live is paused now, not busy; nothing was changed.');
    // Paused still holds its task: pausing stops new work, it does not take work away.
    await expect(releaseTask(admin, { task: 't-live', expect_status: 'running', expect_assignee: 'live' })).rejects.toThrow(/is alive \(status paused/);
    expect(await commandAgent(admin, { agent: 'live', command: 'shutdown', expect_status: 'paused' })).toBe('live is shutdown now.');
    expect(await releaseTask(admin, { task: 't-live', expect_status: 'running', expect_assignee: 'live' })).toMatch(/^Released t-live/);
    const d = await agentDetail('live');
    expect(d.agent).toMatchObject({ status: 'shutdown', live: false });
    expect(d.events.map((e) => e.event_type)).toEqual(expect.arrayContaining(['agent_paused', 'agent_shutdown', 'task_released']));
    const audit = await projectPool().query(`SELECT action FROM recall.audit_log ORDER BY id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['agent.pause', 'agent.shutdown', 'task.release']);
  });
});
