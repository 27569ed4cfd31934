import { Shell } from '@/components/shell/shell';
import { Logo } from '@/components/shell/logo';
import { Sidebar } from '@/components/shell/sidebar';
import { Badge } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';
import { signOutAction } from '@/lib/auth/actions';
import { Providers } from '@/components/providers';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePage('read');
  const sidebar = (
    <aside className="sticky top-0 flex h-screen flex-col overflow-y-auto px-3 py-4">
      <div className="mb-6 px-3"><Logo /></div>
      <Sidebar isAdmin={user.role === 'admin'} isReviewer={user.role !== 'viewer'} />
      <div className="mt-auto border-t border-slate-800 px-3 pt-4">
        <div className="truncate text-sm text-slate-200" data-testid="current-user">{user.email}</div>
        <div className="mt-1 flex items-center justify-between">
          <Badge tone={user.role === 'admin' ? 'violet' : user.role === 'reviewer' ? 'blue' : 'slate'}>{user.role}</Badge>
          <form action={signOutAction}>
            <button className="min-h-6 text-xs text-slate-300 underline-offset-2 hover:text-white hover:underline" type="submit">Sign out</button>
          </form>
        </div>
      </div>
    </aside>
  );
  return <Shell sidebar={sidebar}><Providers>{children}</Providers></Shell>;
}
