// The page a browser gets while the database is down: 503 with Retry-After, saying so, and going back
// to the page it was asked for as soon as /api/health answers again. Written by proxy.ts (when this
// instance saw the database unreachable moments ago, lib/db/outage.ts) and for /outage, where a page
// that met the outage while rendering sends the browser (lib/http/outage-page.ts).
//
// Plain HTML with one inline script under the request's CSP nonce: it must not need the console's
// build, a server component or the database to render.
import { RETRY_AFTER_SECONDS } from '@/lib/db/outage';

/** Where a page that met the outage while rendering redirects to (?back=the page). */
export const OUTAGE_PATH = '/outage';

/** The header proxy.ts gives each page request: its path and query, to come back to. */
export const PAGE_PATH_HEADER = 'x-recall-page';

const POLL_MS = 2000;

/**
 * A same-origin path to return to: it starts with one '/' (not '//' or '/\', which browsers read as
 * another host) and holds no control characters. Anything else goes back to the Overview.
 */
export function safeBackPath(back: string | null | undefined): string {
  if (!back || back.length > 2000 || !back.startsWith('/') || back.startsWith('//') || back.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(back)) return '/';
  if (back === OUTAGE_PATH || back.startsWith(`${OUTAGE_PATH}?`)) return '/';
  return back;
}

export function outageHref(back: string): string {
  return `${OUTAGE_PATH}?back=${encodeURIComponent(safeBackPath(back))}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function outageDocument(back: string, nonce: string): string {
  const target = safeBackPath(back);
  // JSON in a script: '<' escaped so no "</script>" can close it.
  const targetJs = JSON.stringify(target).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Database not answering · Recall</title>
<style>
body{margin:0;font-family:ui-sans-serif,system-ui,sans-serif;background:#f8fafc;color:#0f172a}
main{max-width:32rem;margin:4rem auto;padding:1.5rem;background:#fff;border:1px solid #fde68a;border-radius:.75rem;box-shadow:0 1px 2px rgb(0 0 0 / .05)}
h1{margin:0;font-size:1.125rem;color:#b45309}p{margin:.5rem 0 0;font-size:.875rem;color:#475569;line-height:1.5}a{color:#4f46e5}
</style></head>
<body><main data-testid="database-down" data-back="${escapeHtml(target)}">
<h1>The database is not answering</h1>
<p>This page needs the database and will load by itself when it is back (checked every ${POLL_MS / 1000} seconds).
The <a href="/api/health">health endpoint</a> shows each pool’s status; the <a href="/health">Health</a> page opens once the database answers.</p>
<p><a href="${escapeHtml(target)}">Try now</a></p>
</main>
<script nonce="${escapeHtml(nonce)}">
(function () {
  var back = ${targetJs};
  function check() {
    fetch('/api/health', { cache: 'no-store' }).then(function (r) {
      if (r.ok) location.replace(back); else setTimeout(check, ${POLL_MS});
    }, function () { setTimeout(check, ${POLL_MS}); });
  }
  setTimeout(check, ${POLL_MS});
})();
</script></body></html>`;
}

/** The 503 answer itself (headers beyond these, such as the CSP, are the caller's). */
export function outageResponse(back: string, nonce: string, method = 'GET'): Response {
  return new Response(method === 'HEAD' ? null : outageDocument(back, nonce), {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Retry-After': String(RETRY_AFTER_SECONDS),
      'Cache-Control': 'no-store',
    },
  });
}
