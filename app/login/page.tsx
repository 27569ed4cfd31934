import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/guard';
import { Logo } from '@/components/shell/logo';
import { LoginForm } from '@/components/login/login-form';

export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const target = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/';
  if (await currentUser().catch(() => null)) redirect(target);
  return (
    <main className="grid min-h-screen place-items-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <header className="mb-6 flex justify-center"><Logo size={36} textClass="text-2xl" /></header>
        <div className="rounded-2xl bg-white p-6 shadow-xl">
          <h1 className="mb-1 text-lg font-semibold">Sign in</h1>
          <p className="mb-5 text-sm text-slate-500">The console for your agents’ Postgres + pgvector memory.</p>
          <LoginForm callbackUrl={target} />
        </div>
        <footer className="mt-4 text-center text-xs text-slate-300">
          First start? The admin’s e-mail and password were printed by <code>npm start</code>.
        </footer>
      </div>
    </main>
  );
}
