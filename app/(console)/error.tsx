'use client';

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto mt-16 max-w-lg rounded-xl border border-rose-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold text-rose-700">This page could not load</h1>
      <p className="mt-2 text-sm text-slate-600">
        Recall could not read what this page needs. The usual cause is the database not answering:
        <a className="ml-1 text-indigo-600 hover:underline" href="/api/health">/api/health</a> shows each pool’s status.
        The server log has the details{error.digest ? <> (reference <code>{error.digest}</code>)</> : null}.
      </p>
      <button onClick={reset} className="mt-4 rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">
        Try again
      </button>
    </div>
  );
}
