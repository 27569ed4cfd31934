import { Badge, Card, EmptyState, PageHeader, Stat, Table } from '@/components/ui/primitives';
import { formatDateTime, timeAgo } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { requirePage } from '@/lib/auth/guard';
import { swarmOverview, TASK_STATUSES } from '@/lib/agents/agents';

export const metadata = { title: 'Agents' };
export const dynamic = 'force-dynamic';

const STATUS_TONE: Record<string, 'green' | 'amber' | 'red' | 'slate' | 'blue'> = {
  active: 'green', busy: 'blue', idle: 'slate', paused: 'amber', error: 'red', initializing: 'slate', shutdown: 'slate',
  pending: 'slate', assigned: 'blue', running: 'blue', completed: 'green', failed: 'red', cancelled: 'amber',
};
const BAR: Record<string, string> = {
  pending: 'bg-slate-400', assigned: 'bg-sky-400', running: 'bg-indigo-500', completed: 'bg-emerald-500', failed: 'bg-rose-500', cancelled: 'bg-amber-400',
};
// An agent that has not reported within this is worth a look.
const STALE_HEARTBEAT_SECONDS = 300;

export default async function AgentsPage() {
  await requirePage('read', '/agents');
  const o = await swarmOverview();
  const totalTasks = TASK_STATUSES.reduce((s, k) => s + o.tasks[k], 0);
  const stale = o.agents.filter((a) => a.heartbeat_age > STALE_HEARTBEAT_SECONDS).length;
  return (
    <div className="space-y-6">
      <PageHeader title="Agents" description="The agents of the swarm, their tasks, events and messages, as the agents record them. Read-only." />
      {o.agents.length === 0 ? (
        <EmptyState title="No agents registered">Agents appear here once the swarm stores them in the agents table.</EmptyState>
      ) : (
        <>
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            <Stat label="Agents" value={o.agents.length} hint={`${o.agents.filter((a) => a.status === 'active' || a.status === 'busy').length} active or busy`} />
            <Stat label="Stale heartbeats" value={stale} hint={`no heartbeat for over ${STALE_HEARTBEAT_SECONDS / 60} min`} testId="stale-agents" />
            <Stat label="Pending tasks" value={o.tasks.pending} hint={Object.entries(o.pendingByPriority).map(([p, n]) => `${n} ${p}`).join(' · ') || 'none'} />
            <Stat label="Failed tasks" value={o.tasks.failed} hint={`of ${totalTasks} tasks`} />
          </div>
          <Card title="Tasks by status">
            <div className="flex h-4 overflow-hidden rounded-full bg-slate-100" role="img" aria-label="Tasks by status" data-testid="task-bar">
              {TASK_STATUSES.filter((s) => o.tasks[s] > 0).map((s) => (
                <div key={s} className={BAR[s]} style={{ width: `${(o.tasks[s] / totalTasks) * 100}%` }} title={`${s}: ${o.tasks[s]}`} />
              ))}
            </div>
            <div className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
              {TASK_STATUSES.map((s) => <span key={s} className="flex items-center gap-1"><span className={`h-2 w-2 rounded-full ${BAR[s]}`} />{s} {o.tasks[s]}</span>)}
            </div>
          </Card>
          <Table head={['Agent', 'Type', 'Status', 'Heartbeat', 'Active', 'Done', 'Failed', 'Unread', 'Capabilities']} numeric={[4, 5, 6, 7]}>
            {o.agents.map((a) => (
              <tr key={a.id} data-testid="agent-row">
                <td className="px-4 py-2"><div className="font-medium">{a.name}</div><div className="font-mono text-xs text-slate-500">{a.id}</div></td>
                <td className="px-4 py-2 text-xs">{a.agent_type}</td>
                <td className="px-4 py-2"><Badge tone={STATUS_TONE[a.status] ?? 'slate'}>{a.status}</Badge></td>
                <td className="whitespace-nowrap px-4 py-2 text-xs">
                  <Time at={a.heartbeat} relative />{a.heartbeat_age > STALE_HEARTBEAT_SECONDS ? <span className="ml-1"><Badge tone="amber">stale</Badge></span> : null}
                </td>
                <td className="num px-4 py-2 text-xs">{a.active_tasks}</td>
                <td className="num px-4 py-2 text-xs">{a.completed_tasks}</td>
                <td className="num px-4 py-2 text-xs">{a.failed_tasks}</td>
                <td className="num px-4 py-2 text-xs">{a.unread}</td>
                <td className="px-4 py-2"><div className="flex flex-wrap gap-1">{a.capabilities.map((c) => <Badge key={c} tone="blue">{c}</Badge>)}</div></td>
              </tr>
            ))}
          </Table>
          <Card title="Recent events">
            <ul className="divide-y divide-slate-100 text-sm">
              {o.events.map((e) => (
                <li key={e.id} className="flex items-center gap-3 py-1.5">
                  <Time at={e.timestamp} relative className="w-24 shrink-0 text-xs text-slate-500" />
                  <Badge tone={String(e.event_type).includes('fail') || String(e.event_type).includes('missed') ? 'red' : 'slate'}>{e.event_type}</Badge>
                  <span className="text-slate-600">{e.agent ?? 'system'}</span>
                  <code className="truncate text-xs text-slate-500">{JSON.stringify(e.data)}</code>
                </li>
              ))}
            </ul>
          </Card>
        </>
      )}
    </div>
  );
}
