'use client';
// The admin's controls on the Agents pages. Each form carries what the admin saw (status, holder),
// so the server changes a task or an agent only if it is still so.
import { useFormAction } from '@/components/ui/use-form-action';
import { ActionMessage, inputClass, subtleButtonClass, dangerButtonClass } from '@/components/ui/form';
import {
  cancelTaskAction, commandAgentAction, reassignTaskAction, releaseTaskAction, retryTaskAction,
} from '@/lib/agents/actions';

const COMMANDS: Record<string, { command: string; label: string }[]> = {
  initializing: [{ command: 'pause', label: 'Pause' }, { command: 'shutdown', label: 'Mark shut down' }],
  active: [{ command: 'pause', label: 'Pause' }, { command: 'shutdown', label: 'Mark shut down' }],
  idle: [{ command: 'pause', label: 'Pause' }, { command: 'shutdown', label: 'Mark shut down' }],
  busy: [{ command: 'pause', label: 'Pause' }, { command: 'shutdown', label: 'Mark shut down' }],
  paused: [{ command: 'resume', label: 'Resume' }, { command: 'shutdown', label: 'Mark shut down' }],
  error: [{ command: 'shutdown', label: 'Mark shut down' }],
  shutdown: [],
};

function CommandButton({ agent, status, command, label }: { agent: string; status: string; command: string; label: string }) {
  const [state, onSubmit, pending] = useFormAction(commandAgentAction);
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="agent" value={agent} />
      <input type="hidden" name="command" value={command} />
      <input type="hidden" name="expect_status" value={status} />
      <button className={command === 'shutdown' ? dangerButtonClass : subtleButtonClass} disabled={pending}>{label}</button>
      <ActionMessage state={state} />
    </form>
  );
}

export function AgentCommands({ agent, status }: { agent: string; status: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="agent-commands">
      {(COMMANDS[status] ?? []).map((c) => <CommandButton key={c.command} agent={agent} status={status} {...c} />)}
    </div>
  );
}

interface TaskRef { id: string; status: string; assignedTo: string | null }

function Hidden({ task }: { task: TaskRef }) {
  return (
    <>
      <input type="hidden" name="task" value={task.id} />
      <input type="hidden" name="expect_status" value={task.status} />
      <input type="hidden" name="expect_assignee" value={task.assignedTo ?? ''} />
    </>
  );
}

function SmallForm({ task, act, label, danger, children }: {
  task: TaskRef; act: typeof releaseTaskAction; label: string; danger?: boolean; children?: React.ReactNode;
}) {
  const [state, onSubmit, pending] = useFormAction(act);
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-1">
      <Hidden task={task} />
      {children}
      <button className={danger ? dangerButtonClass.replace('px-3 py-1.5 text-sm', 'px-2 py-1 text-xs') : subtleButtonClass} disabled={pending}>{label}</button>
      <ActionMessage state={state} />
    </form>
  );
}

/**
 * What an admin may do with a task: release it if its holder is dead, reassign or cancel a pending
 * task or a dead holder's, retry a failed one. A live holder's task offers nothing (it is working).
 */
export function TaskActions({ task, holderLive, agents }: { task: TaskRef; holderLive: boolean; agents: { id: string; name: string }[] }) {
  const held = task.status === 'assigned' || task.status === 'running';
  const open = task.status === 'pending' || (held && !holderLive);
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="task-actions">
      {held && !holderLive ? <SmallForm task={task} act={releaseTaskAction} label="Release to pending" /> : null}
      {open ? (
        <SmallForm task={task} act={reassignTaskAction} label="Reassign">
          <select name="to_agent" aria-label={`Reassign ${task.id} to`} className={`${inputClass} py-0.5 text-xs`} defaultValue="">
            <option value="" disabled>to…</option>
            {agents.filter((a) => a.id !== task.assignedTo).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </SmallForm>
      ) : null}
      {open ? <SmallForm task={task} act={cancelTaskAction} label="Cancel" danger /> : null}
      {task.status === 'failed' ? <SmallForm task={task} act={retryTaskAction} label="Retry" /> : null}
      {held && holderLive ? <span className="text-xs text-slate-500">held by a live agent</span> : null}
    </div>
  );
}
