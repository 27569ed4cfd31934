import Link from 'next/link';
import { Badge, Card, EmptyState, PageHeader, Pagination, Table } from '@/components/ui/primitives';
import { formatDateTime, formatNumber } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { inputClass, subtleButtonClass } from '@/components/ui/form';
import { PurgeExpiredButton } from '@/components/session-memory/purge-button';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { listBestPractices, listSessionMemory } from '@/lib/session-memory/session-memory';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Session memory' };
export const dynamic = 'force-dynamic';

type Params = { q?: string; state?: string; page?: string };

async function SessionMemoryPage({ searchParams }: { searchParams: Promise<Params> }) {
  const user = await requirePage('read', '/session-memory');
  const sp = await searchParams;
  const { q } = sp;
  const state = sp.state === 'live' || sp.state === 'expired' ? sp.state : 'all';
  let error: string | null = null;
  let sessions;
  try {
    sessions = await listSessionMemory({ text: q, state, page: sp.page });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.message;
    sessions = await listSessionMemory({ state });
  }
  const practices = await listBestPractices({ text: q }).catch((err) => (err instanceof AppError ? [] : Promise.reject(err)));
  const href = (changes: Params) => {
    const next = new URLSearchParams(Object.entries({ q, state: state === 'all' ? undefined : state, ...changes }).filter((e): e is [string, string] => Boolean(e[1])));
    return `/session-memory${next.size ? `?${next}` : ''}`;
  };
  const tabs = [
    { state: 'all', label: 'All', n: sessions.live + sessions.expired },
    { state: 'live', label: 'Live', n: sessions.live },
    { state: 'expired', label: 'Expired', n: sessions.expired },
  ] as const;
  return (
    <div className="space-y-6">
      <PageHeader title="Session memory and best practices" description="Short-lived context that agents keep per session, and the knowledge base of best practices they draw on." />
      <form className="flex flex-wrap items-end gap-2">
        <label className="min-w-0 text-xs text-slate-600">Text<input name="q" defaultValue={q} className={`mt-1 block w-full sm:w-72 ${inputClass}`} /></label>
        {state !== 'all' ? <input type="hidden" name="state" value={state} /> : null}
        <button className={subtleButtonClass}>Search</button>
        <Link className="text-sm text-indigo-700 underline" href={`/search?collection=public.best_practices.embedding${q ? `&q=${encodeURIComponent(q)}` : ''}`}>Similarity search in best practices →</Link>
      </form>
      {error ? <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200" data-testid="filter-error">{error}</p> : null}
      <Card title={`Session memory (${formatNumber(sessions.total)}${q && !error ? ` matching “${q}”` : ''})`} actions={can(user.role, 'admin') ? <PurgeExpiredButton count={sessions.expired} /> : null}>
        <nav className="mb-3 flex gap-1" aria-label="Which entries">
          {tabs.map((t) => (
            <Link key={t.state} href={href({ state: t.state === 'all' ? undefined : t.state, page: undefined })} aria-current={state === t.state ? 'page' : undefined}
              className={`rounded-md px-3 py-1 text-sm ${state === t.state ? 'bg-slate-900 text-white' : 'text-slate-600 hover:bg-slate-100'}`}>
              {t.label} <span className="tabular-nums">{formatNumber(t.n)}</span>
            </Link>
          ))}
        </nav>
        {sessions.rows.length === 0 ? (
          <EmptyState title={q || state !== 'all' ? 'Nothing matches' : 'No session memory yet'}>
            {q || state !== 'all' ? <>Clear the text or pick “All”.</> : <>Agents write short-lived context to the <code>memory</code> table; it shows up here as they run.</>}
          </EmptyState>
        ) : (
        <Table head={['Session', 'Key', 'Value', 'Scope', 'Created', 'Expires']}>
          {sessions.rows.map((m) => (
            <tr key={m.id} className={m.expired ? 'text-slate-500' : ''} data-testid="session-memory-row">
              <td className="px-4 py-2 font-mono text-xs">{m.session_id}</td>
              <td className="px-4 py-2 text-xs">{m.key}</td>
              <td className="max-w-md px-4 py-2 text-xs"><span className="line-clamp-2">{m.value}</span></td>
              <td className="px-4 py-2 text-xs">{m.scope}</td>
              <td className="whitespace-nowrap px-4 py-2 text-xs"><Time at={m.created_at} relative /></td>
              <td className="whitespace-nowrap px-4 py-2 text-xs"><Time at={m.expires_at} relative /> {m.expired ? <Badge tone="amber">expired</Badge> : null}</td>
            </tr>
          ))}
        </Table>
        )}
        <Pagination page={sessions.page} pages={sessions.pages} href={(page) => href({ page: String(page) })} />
      </Card>
      <Card title={`Best practices (${practices.length})`}>
        <Table head={['Title', 'Category', 'Content', 'Tags', 'Quality', 'Usage']} numeric={[4, 5]}>
          {practices.map((p) => (
            <tr key={p.id} className="align-top">
              <td className="px-4 py-2 text-sm">{p.title}</td>
              <td className="px-4 py-2"><Badge>{p.category}</Badge></td>
              <td className="max-w-md px-4 py-2 text-xs"><span className="line-clamp-2">{p.content}</span></td>
              <td className="px-4 py-2"><div className="flex flex-wrap gap-1">{(p.tags as string[]).map((t) => <Badge key={t} tone="blue">{t}</Badge>)}</div></td>
              <td className="num px-4 py-2 text-xs">{p.quality_score?.toFixed(2) ?? '—'}</td>
              <td className="num px-4 py-2 text-xs">{p.usage_count}</td>
            </tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(SessionMemoryPage);
