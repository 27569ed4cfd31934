import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/guard';
import { LoginForm } from '@/components/login/login-form';

export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const target = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/';
  if (await currentUser().catch(() => null)) redirect(target);
  return (
    <div className="grid min-h-screen place-items-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span className="grid h-9 w-9 place-items-center rounded-lg bg-indigo-500 text-lg font-bold text-white">R</span>
          <span className="text-2xl font-semibold text-white">Recall</span>
        </div>
        <div className="rounded-2xl bg-white p-6 shadow-xl">
          <h1 className="mb-1 text-lg font-semibold">Sign in</h1>
          <p className="mb-5 text-sm text-slate-500">The console for your agents’ Postgres + pgvector memory.</p>
          <LoginForm callbackUrl={target} />
        </div>
        <p className="mt-4 text-center text-xs text-slate-400">
          First start? The admin’s e-mail and password were printed by <code>npm start</code>.
        </p>
      </div>
    </div>
  );
}
