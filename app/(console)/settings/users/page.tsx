import Link from 'next/link';
import { Badge, Card, EmptyState, Table } from '@/components/ui/primitives';
import { Time } from '@/components/ui/time';
import { inputClass, secondaryButtonClass } from '@/components/ui/form';
import { CreateUserForm, EditUserButton } from '@/components/settings/user-forms';
import { requirePage } from '@/lib/auth/guard';
import { orProblem } from '@/lib/http/params';
import { searchUsers } from '@/lib/users/users';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Users · Settings' };
export const dynamic = 'force-dynamic';

type Params = { q?: string; after?: string; before?: string };

async function UsersPage({ searchParams }: { searchParams: Promise<Params> }) {
  const me = await requirePage('admin', '/settings/users');
  const { q, after, before } = await searchParams;
  const found = await orProblem(searchUsers({ q: q || undefined, after: after || undefined, before: before || undefined }));
  const href = (p: Params) => `/settings/users?${new URLSearchParams(Object.entries(p).filter(([, v]) => v) as [string, string][])}`;
  return (
    <>
      <Card title="Users">
        <form method="get" action="/settings/users" role="search" className="mb-4 flex flex-wrap items-end gap-2">
          <label className="text-sm">
            <span className="font-medium text-slate-700">Find a user</span>
            <input name="q" type="search" defaultValue={q ?? ''} placeholder="part of an e-mail or name" className={`mt-1 block w-72 max-w-full ${inputClass}`} />
          </label>
          <button className={secondaryButtonClass}>Search</button>
          {q ? <Link href="/settings/users" className="min-h-6 py-1.5 text-sm text-indigo-700 underline">Show everyone</Link> : null}
        </form>
        {found.problem !== null ? (
          <p role="alert" className="text-sm text-rose-700" data-testid="filter-problem">{found.problem}</p>
        ) : found.value.users.length === 0 ? (
          <EmptyState title={q ? `Nobody matches "${q}"` : 'No users yet'}>
            {q ? 'Try part of the e-mail address, or show everyone.' : 'Add the first one below.'}
          </EmptyState>
        ) : (
          <>
            <Table head={['User', 'Role', 'Status', 'Last sign-in', '']} label="Users">
              {found.value.users.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.email}`}>
                  <td className="px-4 py-2">
                    <span className="font-medium">{u.email}</span>
                    {u.id === me.id ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                    {u.name ? <span className="ml-2 text-xs text-slate-500">{u.name}</span> : null}
                  </td>
                  <td className="px-4 py-2" data-testid="user-role"><Badge tone={u.role === 'admin' ? 'violet' : u.role === 'reviewer' ? 'blue' : 'slate'}>{u.role}</Badge></td>
                  <td className="px-4 py-2">{u.disabledAt ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600"><Time at={u.lastLoginAt} relative /></td>
                  <td className="px-4 py-2 text-right">
                    <EditUserButton user={{ id: u.id, email: u.email, role: u.role, disabled: Boolean(u.disabledAt), isSelf: u.id === me.id }} />
                  </td>
                </tr>
              ))}
            </Table>
            <nav aria-label="Pages of users" className="mt-4 flex items-center justify-between gap-2 text-sm">
              <span className="text-slate-500">{after ? `After ${after}` : before ? `Before ${before}` : 'From the start'}, by e-mail</span>
              <div className="flex gap-2">
                {found.value.previous ? <Link className={secondaryButtonClass} href={href({ q })}>← First page</Link> : null}
                {found.value.previous ? <Link className={secondaryButtonClass} href={href({ q, before: found.value.previous })} data-testid="previous-page">← Previous page</Link> : null}
                {found.value.next ? <Link className={secondaryButtonClass} href={href({ q, after: found.value.next })} data-testid="next-page">Next page →</Link> : null}
              </div>
            </nav>
          </>
        )}
      </Card>
      <Card title="Add a user">
        <CreateUserForm />
      </Card>
    </>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(UsersPage);
