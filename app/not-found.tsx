import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="grid min-h-[60vh] place-items-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold">Nothing here</h1>
        <p className="mt-2 text-sm text-slate-500">The page, namespace or entry does not exist (or no longer does).</p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:underline">Back to the overview</Link>
      </div>
    </div>
  );
}
