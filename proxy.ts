// Runs before every page (and before API paths with a % in them):
// 1. answers 400 for requests Next.js itself would fail on with a 500 (broken %-encoding in the path,
//    multipart without a boundary; see lib/http/malformed.ts);
// 2. gives each page a Content-Security-Policy with a fresh nonce (lib/http/security-headers.ts);
// 3. sends signed-out visitors of console pages to /login and back afterwards. This is a convenience:
//    every page, action and route handler still checks the session and role on its own;
// 4. while this instance saw its database unreachable moments ago (lib/db/outage.ts), answers signed-in
//    page loads 503 with Retry-After and a page that returns by itself once the database answers
//    (lib/http/outage-document.ts), rather than render pages that would fail with 500 (the Health page
//    renders, with status 503); /outage is that page for a render that met the outage itself
//    (lib/http/outage-page.ts). Server actions (POST) go on to answer with their own sentence.
//
// It only reads the session cookie. Auth.js's auth() wrapper would also re-issue the cookie on every
// request, and a page prefetch still in flight when someone signs out then re-set the cookie the
// sign-out had just cleared (a Playwright run caught it).
import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { malformedRequest } from '@/lib/http/malformed';
import { newNonce, pageCsp } from '@/lib/http/security-headers';
import { databaseRecentlyUnreachable, RETRY_AFTER_SECONDS } from '@/lib/db/outage';
import { OUTAGE_PATH, outageResponse, PAGE_PATH_HEADER } from '@/lib/http/outage-document';

export async function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  const bad = malformedRequest(req.method, pathname, req.headers.get('content-type'));
  if (bad) {
    return NextResponse.json({ error: { code: 'bad_request', message: bad.message, field: bad.field } }, { status: 400 });
  }
  if (pathname.startsWith('/api/')) return NextResponse.next();

  const nonce = newNonce();
  const csp = pageCsp(nonce);
  const withCsp = (res: NextResponse) => {
    res.headers.set('Content-Security-Policy', csp);
    return res;
  };
  // Next.js takes the nonce for its scripts from the request's CSP header.
  const headers = new Headers(req.headers);
  headers.set('Content-Security-Policy', csp);
  headers.set('x-nonce', nonce);
  // The page's own path and query, for a render that meets an outage to come back to (set here for
  // every page, so a client cannot choose it).
  headers.set(PAGE_PATH_HEADER, pathname + req.nextUrl.search);
  const next = () => withCsp(NextResponse.next({ request: { headers } }));

  if (pathname === '/login') return next();
  const token = await getToken({ req, secret: process.env.AUTH_SECRET, secureCookie: req.nextUrl.protocol === 'https:' });
  if (token) {
    const load = req.method === 'GET' || req.method === 'HEAD';
    if (load && pathname === OUTAGE_PATH) return withCsp(outage(req, nonce, req.nextUrl.searchParams.get('back')));
    if (load && databaseRecentlyUnreachable()) {
      // The Health page is made for outages (it renders without the database and its pool cards turn
      // red and green by themselves): rendered as usual, with the rewrite's 503 as its status.
      if (pathname === '/health') return withCsp(NextResponse.rewrite(req.nextUrl, { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) }, request: { headers } }));
      return withCsp(outage(req, nonce, pathname + req.nextUrl.search));
    }
    return next();
  }
  const login = new URL('/login', req.nextUrl.origin);
  login.searchParams.set('callbackUrl', pathname + req.nextUrl.search);
  return withCsp(NextResponse.redirect(login));
}

function outage(req: NextRequest, nonce: string, back: string | null) {
  const answer = outageResponse(back ?? '/', nonce, req.method);
  return new NextResponse(answer.body, { status: answer.status, headers: answer.headers });
}

export const config = {
  matcher: [
    // Every page, sign-in included; not the API (which answers 401 itself and skips the ~2 ms cookie
    // decoding here) nor static files.
    '/((?!api/|_next/|favicon.ico|.*\\.(?:svg|png|ico|txt)$).*)',
    // API paths only when they hold a %, which may be broken encoding.
    '/api/:rest(.*%.*)',
  ],
};
