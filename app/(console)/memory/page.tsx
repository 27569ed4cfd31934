import Link from 'next/link';
import { Badge, Card, PageHeader, Table } from '@/components/ui/primitives';
import { formatDateTime } from '@/components/ui/format';
import { inputClass, subtleButtonClass } from '@/components/ui/form';
import { PurgeExpiredButton } from '@/components/memories/purge-button';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { listBestPractices, listSessionMemory } from '@/lib/session-memory';

export const metadata = { title: 'Session memory' };
export const dynamic = 'force-dynamic';

export default async function MemoryPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const user = await requirePage('read', '/memory');
  const { q } = await searchParams;
  const [sessions, practices] = await Promise.all([listSessionMemory({ text: q }), listBestPractices({ text: q })]);
  return (
    <div className="space-y-6">
      <PageHeader title="Session memory and best practices" description="Seed 002's short-lived session memory and the knowledge base of best practices." />
      <form className="flex items-end gap-2">
        <label className="text-xs text-slate-500">Text<input name="q" defaultValue={q} className={`mt-1 block w-72 ${inputClass}`} /></label>
        <button className={subtleButtonClass}>Search</button>
        <Link className="text-sm text-indigo-600 hover:underline" href={`/search?collection=public.best_practices.embedding${q ? `&q=${encodeURIComponent(q)}` : ''}`}>Similarity search in best practices →</Link>
      </form>
      <Card title={`Session memory (${sessions.rows.length}${sessions.rows.length === 200 ? '+' : ''})`} actions={can(user.role, 'admin') ? <PurgeExpiredButton count={sessions.expired} /> : null}>
        <Table head={['Session', 'Key', 'Value', 'Scope', 'Created', 'Expires']}>
          {sessions.rows.map((m) => (
            <tr key={m.id} className={m.expired ? 'text-slate-400' : ''} data-testid="session-memory-row">
              <td className="px-4 py-2 font-mono text-xs">{m.session_id}</td>
              <td className="px-4 py-2 text-xs">{m.key}</td>
              <td className="max-w-md px-4 py-2 text-xs"><span className="line-clamp-2">{m.value}</span></td>
              <td className="px-4 py-2 text-xs">{m.scope}</td>
              <td className="px-4 py-2 text-xs">{formatDateTime(m.created_at)}</td>
              <td className="px-4 py-2 text-xs">{formatDateTime(m.expires_at)} {m.expired ? <Badge tone="amber">expired</Badge> : null}</td>
            </tr>
          ))}
        </Table>
      </Card>
      <Card title={`Best practices (${practices.length})`}>
        <Table head={['Title', 'Category', 'Content', 'Tags', 'Quality', 'Usage']}>
          {practices.map((p) => (
            <tr key={p.id} className="align-top">
              <td className="px-4 py-2 text-sm">{p.title}</td>
              <td className="px-4 py-2"><Badge>{p.category}</Badge></td>
              <td className="max-w-md px-4 py-2 text-xs"><span className="line-clamp-2">{p.content}</span></td>
              <td className="px-4 py-2"><div className="flex flex-wrap gap-1">{(p.tags as string[]).map((t) => <Badge key={t} tone="blue">{t}</Badge>)}</div></td>
              <td className="px-4 py-2 tabular-nums text-xs">{p.quality_score?.toFixed(2) ?? '—'}</td>
              <td className="px-4 py-2 tabular-nums text-xs">{p.usage_count}</td>
            </tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
