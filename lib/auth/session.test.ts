// Sessions can be ended: a session cookie (a real Auth.js JWT) stops working after sign-out, a
// password reset, disabling and an admin's "sign out everywhere", both where pages and actions check
// it (currentUser) and at Auth.js's own /api/auth/session, which also never reports a stale role.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Auth, type AuthConfig } from '@auth/core';
import { encode } from 'next-auth/jwt';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { prisma } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const SECRET = 'a test secret that is long enough for the JWE key';
const COOKIE = 'authjs.session-token';
const browser = vi.hoisted(() => ({ cookie: '' }));

// auth() in the app reads the request's cookie through Auth.js; here it asks Auth.js's session
// endpoint (the same callbacks) with whichever cookie the test holds.
vi.mock('@/lib/auth', () => ({
  auth: async () => {
    const res = await authjs(new Request('http://localhost/api/auth/session', { headers: { cookie: browser.cookie } }));
    return (await res.json()) ?? null;
  },
}));

const { authConfig } = await import('./config');
const { sessionCallbacks, sessionEvents } = await import('./session');
const { currentUser } = await import('./guard');
const { authenticate, createUser, endSessions, resetUserPassword, setUserDisabled, setUserRole } = await import('@/lib/users/users');

const config: AuthConfig = { ...authConfig, callbacks: sessionCallbacks, events: sessionEvents, secret: SECRET, basePath: '/api/auth', trustHost: true } as AuthConfig;
function authjs(req: Request) {
  return Auth(req, config);
}

let engine: EmbeddedEngine;
let admin: { id: string; email: string };
const PASSWORD = 'a long enough password';

beforeAll(async () => {
  engine = await startTestDatabase();
  const u = await createUser(null, { email: 'admin@example.com', role: 'admin', password: PASSWORD });
  admin = { id: u.id, email: u.email };
});
afterAll(async () => stopTestDatabase(engine));

/** Signs in the way the Credentials provider does: the JWT gets the user's generation at that moment. */
async function signIn(email: string, password = PASSWORD): Promise<string> {
  const user = await authenticate(email, password);
  if (!user) throw new Error('sign-in refused');
  const jwt = await encode({ token: { sub: user.id, email: user.email, name: user.name, role: user.role, gen: user.sessionGeneration }, secret: SECRET, salt: COOKIE });
  return `${COOKIE}=${jwt}`;
}

/** What each layer says about a cookie: the page/action check, and /api/auth/session. */
async function check(cookie: string) {
  browser.cookie = cookie;
  const user = await currentUser();
  const res = await authjs(new Request('http://localhost/api/auth/session', { headers: { cookie } }));
  const session = (await res.json()) as { user?: { role: string } } | null;
  return { user: user?.email ?? null, sessionRole: session?.user?.role ?? null, clears: (res.headers.get('set-cookie') ?? '').includes(`${COOKIE}=;`) };
}

let n = 0;
async function newUser(role: 'admin' | 'reviewer' | 'viewer' = 'viewer') {
  const u = await createUser(admin, { email: `user${++n}@example.com`, role, password: PASSWORD });
  return { id: u.id, email: u.email };
}

describe('ending sessions', () => {
  it('a fresh session works, and a session from before generations existed counts as generation 0', async () => {
    const u = await newUser();
    expect(await check(await signIn(u.email))).toEqual({ user: u.email, sessionRole: 'viewer', clears: false });
    const legacy = await encode({ token: { sub: u.id, email: u.email, role: 'viewer' }, secret: SECRET, salt: COOKIE });
    expect((await check(`${COOKIE}=${legacy}`)).user).toBe(u.email);
  });

  it('sign-out ends the session (and the user\'s other sessions)', async () => {
    const u = await newUser();
    const cookie = await signIn(u.email);
    const other = await signIn(u.email);
    const csrfRes = await authjs(new Request('http://localhost/api/auth/csrf', { headers: { cookie } }));
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const out = await authjs(new Request('http://localhost/api/auth/signout', {
      method: 'POST',
      headers: { cookie: `${cookie}; ${csrfCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken }),
    }));
    expect(out.status).toBe(302);
    // A copy of the cookie kept from before sign-out (or another browser's) is dead too.
    expect(await check(cookie)).toEqual({ user: null, sessionRole: null, clears: true });
    expect((await check(other)).user).toBeNull();
    expect((await check(await signIn(u.email))).user).toBe(u.email);
  });

  it('a password reset ends earlier sessions', async () => {
    const u = await newUser();
    const cookie = await signIn(u.email);
    await resetUserPassword(admin, u.id, 'another long password');
    expect(await check(cookie)).toEqual({ user: null, sessionRole: null, clears: true });
    expect((await check(await signIn(u.email, 'another long password'))).user).toBe(u.email);
  });

  it('disabling ends earlier sessions, and enabling again does not bring them back', async () => {
    const u = await newUser();
    const cookie = await signIn(u.email);
    await setUserDisabled(admin, u.id, true);
    expect((await check(cookie)).user).toBeNull();
    await setUserDisabled(admin, u.id, false);
    expect(await check(cookie)).toEqual({ user: null, sessionRole: null, clears: true });
  });

  it('an admin\'s "sign out everywhere" ends every session, audited', async () => {
    const u = await newUser('reviewer');
    const a = await signIn(u.email);
    const b = await signIn(u.email);
    await endSessions(admin, u.id);
    expect((await check(a)).user).toBeNull();
    expect((await check(b)).user).toBeNull();
    const log = await prisma().auditLog.findFirstOrThrow({ where: { action: 'user.sign_out_everywhere' } });
    expect(log).toMatchObject({ actorEmail: admin.email, target: u.email });
    await expect(endSessions(admin, 'nope')).rejects.toThrow('id: must be a user id');
  });

  it('/api/auth/session reports the role the user has now, not the one signed in with', async () => {
    const u = await newUser('admin');
    const cookie = await signIn(u.email);
    expect((await check(cookie)).sessionRole).toBe('admin');
    await setUserRole(admin, u.id, 'viewer');
    expect(await check(cookie)).toEqual({ user: u.email, sessionRole: 'viewer', clears: false });
  });
});
