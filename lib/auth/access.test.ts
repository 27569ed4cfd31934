// Role checks on every kind of endpoint (page, server action, route handler), for every role,
// against real users in the embedded engine. Only the session lookup is replaced: it returns
// whichever user the test says is signed in.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { createUser, setUserDisabled } = await import('@/lib/users/users');
const { requirePage } = await import('./guard');
const { createUserAction } = await import('@/lib/users/actions');
const usersRoute = await import('@/app/api/v1/users/route');
const namespacesRoute = await import('@/app/api/v1/namespaces/route');

let engine: EmbeddedEngine;
const ids: Record<string, string> = {};
const PASSWORD = 'a long enough password';

beforeAll(async () => {
  engine = await startTestDatabase();
  for (const role of ['admin', 'reviewer', 'viewer'] as const) {
    ids[role] = (await createUser(null, { email: `${role}@example.com`, role, password: PASSWORD })).id;
  }
  ids.disabled = (await createUser(null, { email: 'gone@example.com', role: 'admin', password: PASSWORD })).id;
  await setUserDisabled({ id: ids.admin, email: 'admin@example.com' }, ids.disabled, true);
});
afterAll(async () => stopTestDatabase(engine));

const as = (who: keyof typeof ids | null) => {
  session.userId = who ? ids[who] : null;
};

/** What Next.js does with redirect()/forbidden(): they throw errors with a digest. */
async function pageOutcome(fn: () => Promise<unknown>) {
  try {
    await fn();
    return 'allowed';
  } catch (err) {
    const digest = String((err as { digest?: string }).digest ?? '');
    if (digest.startsWith('NEXT_REDIRECT')) return `redirect ${digest.split(';')[2]}`;
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK')) return `status ${digest.split(';')[1]}`;
    throw err;
  }
}

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe('pages', () => {
  it.each([
    ['admin', 'allowed', 'allowed'],
    ['reviewer', 'allowed', 'status 403'],
    ['viewer', 'allowed', 'status 403'],
    [null, 'redirect /login?callbackUrl=%2Fsettings', 'redirect /login?callbackUrl=%2Fsettings'],
    ['disabled', 'redirect /login?callbackUrl=%2Fsettings', 'redirect /login?callbackUrl=%2Fsettings'],
  ] as const)('%s: read page → %s, admin page → %s', async (who, read, admin) => {
    as(who);
    expect(await pageOutcome(() => requirePage('read', '/settings'))).toBe(read);
    expect(await pageOutcome(() => requirePage('admin', '/settings'))).toBe(admin);
  });
});

describe('server actions', () => {
  it.each([
    ['reviewer', 'This needs the admin role; you are signed in as reviewer.'],
    ['viewer', 'This needs the admin role; you are signed in as viewer.'],
    [null, 'Sign in to continue.'],
    ['disabled', 'Sign in to continue.'],
  ] as const)('%s cannot create a user', async (who, message) => {
    as(who);
    const email = `made-by-${who}@example.com`;
    const result = await createUserAction(null, form({ email, role: 'viewer', password: PASSWORD }));
    expect(result).toEqual({ ok: false, message, field: undefined });
    as('admin');
    const list = await (await usersRoute.GET(new Request('http://x/api/v1/users'), {})).json();
    expect(list.users.map((u: { email: string }) => u.email)).not.toContain(email);
  });

  it('admin creates a user; a bad field is named', async () => {
    as('admin');
    expect(await createUserAction(null, form({ email: 'new@example.com', role: 'reviewer', password: PASSWORD })))
      .toEqual({ ok: true, message: 'Created new@example.com as reviewer.' });
    expect(await createUserAction(null, form({ email: 'short@example.com', role: 'viewer', password: 'short' })))
      .toEqual({ ok: false, message: 'password: must be at least 12 characters', field: 'password' });
  });
});

describe('route handlers', () => {
  const post = (body: unknown) =>
    usersRoute.POST(new Request('http://x/api/v1/users', { method: 'POST', body: JSON.stringify(body) }), {});

  it.each([
    ['admin', 200, 201],
    ['reviewer', 200, 403],
    ['viewer', 200, 403],
    [null, 401, 401],
    ['disabled', 401, 401],
  ] as const)('%s: GET namespaces → %i, POST users → %i', async (who, read, write) => {
    as(who);
    const r = await namespacesRoute.GET(new Request('http://x/api/v1/namespaces'), {});
    expect(r.status).toBe(read);
    const w = await post({ email: `api-${who}@example.com`, role: 'viewer', password: PASSWORD });
    expect(w.status).toBe(write);
    if (write >= 400) {
      const body = await w.json();
      expect(body.error.code).toBe(write === 401 ? 'unauthorized' : 'forbidden');
    }
  });

  it('answers bad input with 400 naming the field, and bad JSON likewise', async () => {
    as('admin');
    const bad = await post({ email: 'not-an-email', role: 'viewer', password: PASSWORD });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: 'validation_failed', message: 'email: must be an e-mail address like name@example.com', field: 'email' },
    });
    const role = await post({ email: 'r@example.com', role: 'root', password: PASSWORD });
    expect((await role.json()).error.message).toBe('role: must be one of admin, reviewer, viewer');
    const json = await usersRoute.POST(new Request('http://x/api/v1/users', { method: 'POST', body: '{oops' }), {});
    expect(json.status).toBe(400);
    expect((await json.json()).error.code).toBe('invalid_json');
  });
});
