'use server';
import { action } from '@/lib/auth/action';
import { cancelTask, commandAgent, reassignTask, releaseTask, retryTask } from './operations';

// Admin only: each one changes the swarm's own tables under the claim rules in operations.ts.
const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return v === null ? undefined : String(v);
};
const taskRef = (form: FormData) => ({ task: field(form, 'task'), expect_status: field(form, 'expect_status'), expect_assignee: field(form, 'expect_assignee') });
const revalidate = ['/agents', '/agents/[id]'];

export const commandAgentAction = action('admin', async (user, _prev: unknown, form: FormData) =>
  commandAgent(user, { agent: field(form, 'agent'), command: field(form, 'command'), expect_status: field(form, 'expect_status') }), { revalidate });

export const releaseTaskAction = action('admin', async (user, _prev: unknown, form: FormData) => releaseTask(user, taskRef(form)), { revalidate });

export const reassignTaskAction = action('admin', async (user, _prev: unknown, form: FormData) =>
  reassignTask(user, { ...taskRef(form), to_agent: field(form, 'to_agent') }), { revalidate });

export const cancelTaskAction = action('admin', async (user, _prev: unknown, form: FormData) => cancelTask(user, taskRef(form)), { revalidate });

export const retryTaskAction = action('admin', async (user, _prev: unknown, form: FormData) => retryTask(user, { task: field(form, 'task') }), { revalidate });
