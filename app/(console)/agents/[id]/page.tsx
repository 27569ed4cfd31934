import Link from 'next/link';
import { Badge, Card, EmptyState, PageHeader, Table } from '@/components/ui/primitives';
import { formatDateTime, timeAgo } from '@/components/ui/format';
import { TimeChart } from '@/components/charts/time-chart';
import { AgentCommands, TaskActions } from '@/components/agents/agent-controls';
import { requirePage } from '@/lib/auth/guard';
import { orNotFound } from '@/lib/http/params';
import { can } from '@/lib/auth/roles';
import { agentDetail, assignableAgents, STALE_HEARTBEAT_SECONDS } from '@/lib/agents/operations';
import { STATUS_TONE } from '@/lib/agents/status';
import { outagePage } from '@/lib/http/outage-page';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Agent ${decodeURIComponent((await params).id)}` };
}

const COLORS = ['#4f46e5', '#059669', '#d97706', '#dc2626', '#0891b2'];
const DAY = 86_400_000;

async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const user = await requirePage('read', `/agents/${encodeURIComponent(id)}`);
  const d = await orNotFound(agentDetail(id));
  const admin = can(user.role, 'admin');
  const agents = admin ? await assignableAgents() : [];
  const a = d.agent;
  const now = Date.now();
  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-500"><Link className="hover:underline" href="/agents">Agents</Link> / {a.id}</div>
      <PageHeader
        title={a.name}
        description={`${a.agentType} · ${a.id} · registered ${formatDateTime(a.createdAt)}`}
        actions={admin ? <AgentCommands agent={a.id} status={a.status} /> : null}
      />
      <div className="grid gap-4 md:grid-cols-3">
        <Card title="Status">
          <div className="flex items-center gap-2" data-testid="agent-status">
            <Badge tone={STATUS_TONE[a.status] ?? 'slate'}>{a.status}</Badge>
            {a.live ? <Badge tone="green">live</Badge> : <Badge tone="amber">{a.status === 'shutdown' || a.status === 'error' ? 'not running' : 'stale heartbeat'}</Badge>}
          </div>
          <p className="mt-2 text-sm text-slate-600" title={formatDateTime(a.heartbeat)} data-testid="agent-heartbeat">
            Heartbeat {timeAgo(a.heartbeat)}; an agent silent for over {STALE_HEARTBEAT_SECONDS / 60} min is treated as dead and its tasks can be released.
          </p>
        </Card>
        <Card title="Capabilities">
          <div className="flex flex-wrap gap-1">{a.capabilities.length ? a.capabilities.map((c) => <Badge key={c} tone="blue">{c}</Badge>) : <span className="text-sm text-slate-500">none</span>}</div>
        </Card>
        <Card title="Metadata">
          <pre className="overflow-x-auto text-xs text-slate-600">{JSON.stringify(a.metadata, null, 2)}</pre>
        </Card>
      </div>

      <Card title={`Tasks (${d.tasks.length})`}>
        {d.tasks.length === 0 ? <EmptyState title="No tasks">This agent holds no tasks and has finished none.</EmptyState> : (
          <Table head={['Task', 'Type', 'Priority', 'Status', 'Retries', 'Updated', ...(admin ? ['Actions'] : [])]}>
            {d.tasks.map((t) => (
              <tr key={t.id} data-testid="agent-task">
                <td className="px-4 py-2 font-mono text-xs">{t.id}{t.dependencies.length ? <div className="text-slate-500">after {t.dependencies.join(', ')}</div> : null}</td>
                <td className="px-4 py-2 text-xs">{t.task_type}</td>
                <td className="px-4 py-2 text-xs">{t.priority}</td>
                <td className="px-4 py-2"><Badge tone={STATUS_TONE[t.status] ?? 'slate'}>{t.status}</Badge>{t.error ? <div className="text-xs text-rose-700">{t.error}</div> : null}</td>
                <td className="px-4 py-2 text-xs tabular-nums">{t.retry_count} / {t.max_retries}</td>
                <td className="px-4 py-2 text-xs" title={formatDateTime(t.updated_at)}>{timeAgo(t.updated_at)}</td>
                {admin ? <td className="px-4 py-2"><TaskActions task={{ id: t.id, status: t.status, assignedTo: t.assigned_to }} holderLive={a.live} agents={agents} /></td> : null}
              </tr>
            ))}
          </Table>
        )}
      </Card>

      <div className="grid gap-6 xl:grid-cols-2">
        {d.metrics.length === 0 ? <Card title="Metrics"><EmptyState title="No metrics">Nothing recorded in the last 30 days.</EmptyState></Card> : null}
        {d.metrics.map((m, i) => (
          <Card key={m.type} title={`${m.type} (${m.unit}), daily average`}>
            <TimeChart testId={`metric-${m.type}`} data={m.points.map((p) => ({ t: p.t, value: p.value }))} lines={[{ key: 'value', label: m.type, color: COLORS[i % COLORS.length] }]}
              unit={m.unit} stepMs={DAY} from={now - 30 * DAY} to={now} height={180} />
          </Card>
        ))}
      </div>

      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="Events">
          {d.events.length === 0 ? <p className="text-sm text-slate-500">No events.</p> : (
            <ol className="relative space-y-2 border-l border-slate-200 pl-4 text-sm" data-testid="agent-events">
              {d.events.map((e) => (
                <li key={e.id}>
                  <span className="absolute -left-1 mt-1.5 h-2 w-2 rounded-full bg-slate-300" />
                  <span className="text-xs text-slate-500">{formatDateTime(e.timestamp)}</span>{' '}
                  <Badge tone={e.event_type.includes('fail') || e.event_type.includes('missed') ? 'red' : e.event_type.startsWith('task_') ? 'blue' : 'slate'}>{e.event_type}</Badge>{' '}
                  <code className="text-xs text-slate-500">{JSON.stringify(e.data)}</code>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card title="Messages">
          {d.messages.length === 0 ? <p className="text-sm text-slate-500">No messages.</p> : (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="agent-messages">
              {d.messages.map((m) => (
                <li key={m.id} className="flex items-center gap-2 py-1.5">
                  <span className="w-36 shrink-0 text-xs text-slate-500">{formatDateTime(m.timestamp)}</span>
                  {m.from_agent === a.id
                    ? <span className="text-xs">to <Link className="text-indigo-700 hover:underline" href={`/agents/${encodeURIComponent(m.to_agent)}`}>{m.to_agent}</Link></span>
                    : <span className="text-xs">from <Link className="text-indigo-700 hover:underline" href={`/agents/${encodeURIComponent(m.from_agent)}`}>{m.from_agent}</Link></span>}
                  <Badge tone="slate">{m.message_type}</Badge>
                  {!m.read && m.to_agent === a.id ? <Badge tone="amber">unread</Badge> : null}
                  <code className="truncate text-xs text-slate-500">{JSON.stringify(m.content)}</code>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(AgentPage);
