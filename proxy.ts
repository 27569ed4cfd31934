// Runs before every page (and before API paths with a % in them):
// 1. answers 400 for requests Next.js itself would fail on with a 500 (broken %-encoding in the path,
//    multipart without a boundary; see lib/http/malformed.ts);
// 2. gives each page a Content-Security-Policy with a fresh nonce (lib/http/security-headers.ts);
// 3. sends signed-out visitors of console pages to /login and back afterwards. This is a convenience:
//    every page, action and route handler still checks the session and role on its own.
//
// It only reads the session cookie. Auth.js's auth() wrapper would also re-issue the cookie on every
// request, and a page prefetch still in flight when someone signs out then re-set the cookie the
// sign-out had just cleared (a Playwright run caught it).
import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { malformedRequest } from '@/lib/http/malformed';
import { newNonce, pageCsp } from '@/lib/http/security-headers';

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
  const next = () => withCsp(NextResponse.next({ request: { headers } }));

  if (pathname === '/login') return next();
  const token = await getToken({ req, secret: process.env.AUTH_SECRET, secureCookie: req.nextUrl.protocol === 'https:' });
  if (token) return next();
  const login = new URL('/login', req.nextUrl.origin);
  login.searchParams.set('callbackUrl', pathname + req.nextUrl.search);
  return withCsp(NextResponse.redirect(login));
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
