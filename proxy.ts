// Sends signed-out visitors of console pages to /login and back afterwards. This is a convenience:
// every page, action and route handler still checks the session and role on its own.
//
// It only reads the session cookie. Auth.js's auth() wrapper would also re-issue the cookie on every
// request, and a page prefetch still in flight when someone signs out then re-set the cookie the
// sign-out had just cleared (a Playwright run caught it).
import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';

export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: process.env.AUTH_SECRET, secureCookie: req.nextUrl.protocol === 'https:' });
  if (token) return NextResponse.next();
  const login = new URL('/login', req.nextUrl.origin);
  login.searchParams.set('callbackUrl', req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything except the API (which answers 401 itself), sign-in, and static files.
  matcher: ['/((?!api/|login|_next/|favicon.ico|.*\\.(?:svg|png|ico|txt)$).*)'],
};
