import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="grid min-h-[60vh] place-items-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-rose-600">403 — not allowed</p>
        <h1 className="mt-2 text-2xl font-semibold" data-testid="forbidden">Your role does not allow this page</h1>
        <p className="mt-2 text-sm text-slate-500">Ask an admin to change your role in Settings → Users if you need it.</p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:underline">Back to the overview</Link>
      </div>
    </div>
  );
}
