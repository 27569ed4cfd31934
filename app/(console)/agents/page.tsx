import Link from 'next/link';
import { Badge, Card, EmptyState, PageHeader, Stat, Table } from '@/components/ui/primitives';
import { formatDateTime, timeAgo } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { TimeChart } from '@/components/charts/time-chart';
import { TaskActions } from '@/components/agents/agent-controls';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { swarmOverview, TASK_STATUSES } from '@/lib/agents/agents';
import { assignableAgents, STALE_HEARTBEAT_SECONDS, swarmActivity, tasksNeedingAttention } from '@/lib/agents/operations';
import { STATUS_TONE } from '@/lib/agents/status';
import { swarmCharts } from '@/lib/agents/charts';
import { SwarmCharts } from '@/components/agents/swarm-charts';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Agents' };
export const dynamic = 'force-dynamic';

const BAR: Record<string, string> = {
  pending: 'bg-slate-400', assigned: 'bg-sky-400', running: 'bg-indigo-500', completed: 'bg-emerald-500', failed: 'bg-rose-500', cancelled: 'bg-amber-400',
};
const DAY = 86_400_000;

async function AgentsPage({ searchParams }: { searchParams: Promise<{ window?: string }> }) {
  const user = await requirePage('read', '/agents');
  const { window } = await searchParams;
  const admin = can(user.role, 'admin');
  const [o, attention, activity, agents, charts] = await Promise.all([
    swarmOverview(), tasksNeedingAttention(), swarmActivity(), admin ? assignableAgents() : [],
    // A hand-edited window falls back to the default rather than failing the page.
    swarmCharts({ window }).catch(() => swarmCharts({})),
  ]);
  const now = Date.now();
  const totalTasks = TASK_STATUSES.reduce((s, k) => s + o.tasks[k], 0);
  const stale = o.agents.filter((a) => a.heartbeat_age > STALE_HEARTBEAT_SECONDS).length;
  return (
    <div className="space-y-6">
      <PageHeader title="Agents" description="The agents of the swarm, their tasks, events and messages, as the agents record them. Admins release a dead agent's tasks, reassign, cancel and retry; a live agent's task is never taken." />
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
                <td className="px-4 py-2"><Link className="font-medium text-indigo-700 hover:underline" href={`/agents/${encodeURIComponent(a.id)}`}>{a.name}</Link><div className="font-mono text-xs text-slate-500">{a.id}</div></td>
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
          <Card title="Swarm activity per day (events, completed and failed tasks)">
            <TimeChart testId="swarm-activity" data={activity} unit="events" counts stepMs={DAY} from={now - 30 * DAY} to={now}
              lines={[{ key: 'events', label: 'events', color: '#4f46e5' }, { key: 'completed', label: 'task_completed', color: '#059669' }, { key: 'failed', label: 'task_failed', color: '#dc2626' }]} />
          </Card>
          <SwarmCharts charts={charts} />
          <Card title={`Tasks held by dead agents (${attention.stuck.length})`}>
            {attention.stuck.length === 0 ? <p className="text-sm text-slate-500">None: every assigned or running task is held by a live agent.</p> : (
              <Table head={['Task', 'Priority', 'Status', 'Held by', 'Holder', ...(admin ? ['Actions'] : [])]}>
                {attention.stuck.map((t) => (
                  <tr key={t.id} data-testid="stuck-task">
                    <td className="px-4 py-2 font-mono text-xs">{t.id}<div className="text-slate-500">{t.task_type}</div></td>
                    <td className="px-4 py-2 text-xs">{t.priority}</td>
                    <td className="px-4 py-2"><Badge tone={STATUS_TONE[t.status] ?? 'slate'}>{t.status}</Badge></td>
                    <td className="px-4 py-2 text-xs"><Link className="text-indigo-700 hover:underline" href={`/agents/${encodeURIComponent(t.assigned_to)}`}>{t.assigned_to}</Link></td>
                    <td className="px-4 py-2 text-xs">{t.agent_status}, heartbeat {Math.round(t.heartbeat_age / 60)} min ago</td>
                    {admin ? <td className="px-4 py-2"><TaskActions task={{ id: t.id, status: t.status, assignedTo: t.assigned_to }} holderLive={false} agents={agents} /></td> : null}
                  </tr>
                ))}
              </Table>
            )}
          </Card>
          <Card title={`Failed tasks (${attention.failed.length}${attention.failed.length === 50 ? '+' : ''})`}>
            {attention.failed.length === 0 ? <p className="text-sm text-slate-500">No failed tasks.</p> : (
              <Table head={['Task', 'Priority', 'Error', 'Retries', 'Failed', ...(admin ? ['Actions'] : [])]}>
                {attention.failed.map((t) => (
                  <tr key={t.id} data-testid="failed-task">
                    <td className="px-4 py-2 font-mono text-xs">{t.id}<div className="text-slate-500">{t.task_type}</div></td>
                    <td className="px-4 py-2 text-xs">{t.priority}</td>
                    <td className="px-4 py-2 text-xs text-rose-700">{t.error}</td>
                    <td className="px-4 py-2 text-xs tabular-nums">{t.retry_count} / {t.max_retries}</td>
                    <td className="px-4 py-2 text-xs" title={formatDateTime(t.updated_at)}>{timeAgo(t.updated_at)}</td>
                    {admin ? <td className="px-4 py-2"><TaskActions task={{ id: t.id, status: t.status, assignedTo: t.assigned_to }} holderLive={false} agents={agents} /></td> : null}
                  </tr>
                ))}
              </Table>
            )}
          </Card>
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

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(AgentsPage);
