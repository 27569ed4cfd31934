'use client';
import { useWhenDatabaseBack } from '@/components/shell/database-status';

// A page that failed to render. When /api/health says the database is down, that is the reason:
// the page says so and reloads by itself once it answers again.
export default function ConsoleError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  const up = useWhenDatabaseBack(retry);
  if (up === false) {
    return (
      <div className="mx-auto mt-16 max-w-lg rounded-xl border border-amber-200 bg-white p-6 shadow-sm" data-testid="database-down">
        <h1 className="text-lg font-semibold text-amber-700">The database is not answering</h1>
        <p className="mt-2 text-sm text-slate-600">
          This page needs the database and will load by itself when it is back. The
          <a className="mx-1 text-indigo-600 hover:underline" href="/health">Health</a> page shows each pool’s status.
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto mt-16 max-w-lg rounded-xl border border-rose-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold text-rose-700">This page could not load</h1>
      <p className="mt-2 text-sm text-slate-600">
        Recall could not read what this page needs. The usual cause is the database not answering:
        <a className="ml-1 text-indigo-600 hover:underline" href="/api/health">/api/health</a> shows each pool’s status.
        The server log has the details{error.digest ? <> (reference <code>{error.digest}</code>)</> : null}.
      </p>
      <button onClick={retry} className="mt-4 rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">
        Try again
      </button>
    </div>
  );
}
