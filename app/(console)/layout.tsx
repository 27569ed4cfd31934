import { Sidebar } from '@/components/shell/sidebar';
import { Badge } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';
import { signOutAction } from '@/lib/auth/actions';
import { Providers } from '@/components/providers';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePage('read');
  return (
    <div className="flex min-h-screen">
      <div className="w-56 shrink-0 bg-slate-900">
      <aside className="sticky top-0 flex h-screen flex-col px-3 py-4">
        <div className="mb-6 flex items-center gap-2 px-3">
          <span className="grid h-7 w-7 place-items-center rounded-md bg-indigo-500 text-sm font-bold text-white">R</span>
          <span className="text-lg font-semibold text-white">Recall</span>
        </div>
        <Sidebar isAdmin={user.role === 'admin'} isReviewer={user.role !== 'viewer'} />
        <div className="mt-auto border-t border-slate-800 px-3 pt-4">
          <div className="truncate text-sm text-slate-200" data-testid="current-user">{user.email}</div>
          <div className="mt-1 flex items-center justify-between">
            <Badge tone={user.role === 'admin' ? 'violet' : user.role === 'reviewer' ? 'blue' : 'slate'}>{user.role}</Badge>
            <form action={signOutAction}>
              <button className="text-xs text-slate-400 hover:text-white" type="submit">Sign out</button>
            </form>
          </div>
        </div>
      </aside>
      </div>
      <main className="min-w-0 flex-1 px-8 py-8"><Providers>{children}</Providers></main>
    </div>
  );
}
