'use client';
// Short confirmations after an action ("Deleted entry k."). Most actions redirect, which unmounts the
// form that ran them, so a form can also leave a notice for the page it is about to land on: the
// Toaster (in the console shell, which stays mounted) shows it on arrival.
import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';

type Tone = 'success' | 'error';
interface Notice { id: number; message: string; tone: Tone }

const listeners = new Set<(n: Notice) => void>();
const ARRIVAL_KEY = 'recall.notice-on-arrival';
let nextId = 1;

export function toast(message: string, tone: Tone = 'success') {
  const n = { id: nextId++, message, tone };
  for (const l of listeners) l(n);
}

/**
 * Show `message` once the browser is on `path` (after the redirect of a successful action); a path
 * ending in `/*` is any page below it (a new thing whose id the server picks).
 */
export function toastOnArrival(path: string, message: string) {
  try {
    sessionStorage.setItem(ARRIVAL_KEY, JSON.stringify({ path, message }));
  } catch { /* storage off: no notice, the page itself still shows the result */ }
}

/** The action failed and stayed on its page: its notice must not show up later. */
export function cancelArrivalToast() {
  try { sessionStorage.removeItem(ARRIVAL_KEY); } catch { /* nothing stored */ }
}

export function Toaster() {
  const [notices, setNotices] = useState<Notice[]>([]);

  useEffect(() => {
    const add = (n: Notice) => setNotices((all) => [...all.slice(-2), n]);
    listeners.add(add);
    return () => { listeners.delete(add); };
  }, []);

  useEffect(() => {
    if (!notices.length) return;
    // Long enough to read; each can also be closed at once.
    const timer = setTimeout(() => setNotices((all) => all.slice(1)), 8000);
    return () => clearTimeout(timer);
  }, [notices]);

  return (
    <>
      {/* useSearchParams wants a Suspense boundary; the arrival check renders nothing. */}
      <Suspense fallback={null}><ArrivalNotice /></Suspense>
      <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end sm:pr-6">
        {notices.map((n) => (
          <div key={n.id} data-testid="toast" data-tone={n.tone}
            className={`pointer-events-auto flex max-w-md items-start gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ring-1 ${n.tone === 'success' ? 'bg-emerald-50 text-emerald-900 ring-emerald-200' : 'bg-rose-50 text-rose-900 ring-rose-200'}`}>
            <span aria-hidden>{n.tone === 'success' ? '✓' : '!'}</span>
            <span className="flex-1">{n.message}</span>
            <button type="button" onClick={() => setNotices((all) => all.filter((x) => x.id !== n.id))}
              className="-m-1 min-h-6 min-w-6 rounded text-current hover:bg-black/5" aria-label="Dismiss">✕</button>
          </div>
        ))}
      </div>
    </>
  );
}

/** Shows a notice left by toastOnArrival once the URL has changed to its page (also ?edit=1 → the page). */
function ArrivalNotice() {
  const pathname = usePathname();
  const search = useSearchParams().toString();

  useEffect(() => {
    let raw: string | null = null;
    try { raw = sessionStorage.getItem(ARRIVAL_KEY); } catch { return; }
    if (!raw) return;
    const { path, message } = JSON.parse(raw) as { path: string; message: string };
    const want = decodeURIComponent(path.split('?')[0]);
    const here = decodeURIComponent(pathname);
    const arrived = want.endsWith('/*') ? here.startsWith(want.slice(0, -1)) && here !== want.slice(0, -2) + '/new' : want === here;
    if (!arrived) return;
    sessionStorage.removeItem(ARRIVAL_KEY);
    toast(message);
  }, [pathname, search]);
  return null;
}
