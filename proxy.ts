// Sends signed-out visitors of console pages to /login and back afterwards. This is a convenience:
// every page, action and route handler still checks the session and role on its own.
import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authConfig } from '@/lib/auth/config';

const { auth } = NextAuth(authConfig);

export const proxy = auth((req) => {
  if (req.auth) return NextResponse.next();
  const login = new URL('/login', req.nextUrl.origin);
  login.searchParams.set('callbackUrl', req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
});

export const config = {
  // Everything except the API (which answers 401 itself), sign-in, and static files.
  matcher: ['/((?!api/|login|_next/|favicon.ico|.*\\.(?:svg|png|ico|txt)$).*)'],
};
