// Every server action and every route handler, found on disk rather than listed by hand, must be
// declared with its permission (action() / withAccess) and must refuse callers the role table
// says it should: a new one cannot ship unguarded.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import type { Permission } from './roles';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
  handlers: { GET: async () => new Response(null), POST: async () => new Response(null) },
  signIn: async () => {},
  signOut: async () => {},
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
// next-auth's own entry imports next/server in a way only Next's bundler resolves.
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));

const { actionPermission } = await import('./action');
const { routePermission } = await import('@/lib/http/route');
const { createUser } = await import('@/lib/users/users');

// Routes that answer without a caller, on purpose.
const PUBLIC_ROUTES = new Set(['app/api/health/route.ts GET', 'app/api/health/live/route.ts GET', 'app/api/v1/openapi.json/route.ts GET', 'app/api/auth/[...nextauth]/route.ts GET', 'app/api/auth/[...nextauth]/route.ts POST']);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const isServerActionFile = (file: string) => /^\s*(?:\/\/[^\n]*\n\s*)*['"]use server['"]/.test(fs.readFileSync(file, 'utf8'));

const actionFiles = ['app', 'components', 'lib'].flatMap((d) => walk(d)).filter(isServerActionFile);
const routeFiles = walk('app/api').filter((f) => path.basename(f) === 'route.ts');

let engine: EmbeddedEngine;
const ids: Record<string, string> = {};
beforeAll(async () => {
  engine = await startTestDatabase();
  for (const role of ['reviewer', 'viewer'] as const) {
    ids[role] = (await createUser(null, { email: `${role}@entry.test`, role, password: 'a long enough password' })).id;
  }
});
afterAll(async () => stopTestDatabase(engine));

const as = (who: 'reviewer' | 'viewer' | null) => {
  session.userId = who ? ids[who] : null;
};
const refuses = (role: 'reviewer' | 'viewer', permission: Permission) =>
  permission === 'write' || permission === 'admin' || (permission === 'review' && role === 'viewer');

describe('server actions', () => {
  it('live in lib/, never beside pages or components', () => {
    expect(actionFiles.length).toBeGreaterThan(5);
    expect(actionFiles.filter((f) => !f.startsWith('lib/'))).toEqual([]);
  });

  it('are all made by action() or publicAction(), and refuse the signed-out and the under-privileged', async () => {
    const seen: string[] = [];
    for (const file of actionFiles) {
      const mod: Record<string, unknown> = await import(/* @vite-ignore */ path.resolve(file));
      for (const [name, fn] of Object.entries(mod)) {
        if (typeof fn !== 'function') continue;
        const permission = actionPermission(fn);
        expect(permission, `${file} ${name} is not declared with action()`).toBeDefined();
        seen.push(`${file} ${name}`);
        if (permission === 'public') continue;
        const call = () => (fn as (...a: unknown[]) => Promise<{ ok: boolean; message?: string }>)(null, new FormData());
        as(null);
        expect(await call(), `${name} signed out`).toMatchObject({ ok: false, message: 'Sign in to continue.' });
        for (const role of ['reviewer', 'viewer'] as const) {
          if (!refuses(role, permission!)) continue;
          as(role);
          const r = await call();
          expect(r.ok, `${name} as ${role}`).toBe(false);
          expect(r.message).toMatch(new RegExp(`^This needs .*; you are signed in as ${role}\\.$`));
        }
      }
    }
    expect(seen.length).toBeGreaterThanOrEqual(20);
  });
});

describe('route handlers', () => {
  it('are all made by withAccess() (or are on the public list), and refuse the signed-out and the under-privileged', async () => {
    let guarded = 0;
    for (const file of routeFiles) {
      const mod: Record<string, unknown> = await import(/* @vite-ignore */ path.resolve(file));
      for (const method of METHODS) {
        const fn = mod[method];
        if (typeof fn !== 'function') continue;
        if (PUBLIC_ROUTES.has(`${file} ${method}`)) continue;
        const permission = routePermission(fn);
        expect(permission, `${file} ${method} is not declared with withAccess()`).toBeDefined();
        guarded++;
        const call = () => (fn as (r: Request, c: unknown) => Promise<Response>)(
          new Request('http://localhost/api/x', { method, ...(method === 'GET' ? {} : { body: '{}' }) }),
          { params: Promise.resolve({}) },
        );
        as(null);
        expect((await call()).status, `${file} ${method} signed out`).toBe(401);
        for (const role of ['reviewer', 'viewer'] as const) {
          if (!refuses(role, permission!)) continue;
          as(role);
          const r = await call();
          expect(r.status, `${file} ${method} as ${role}`).toBe(403);
          expect((await r.json()).error.code).toBe('forbidden');
        }
      }
    }
    expect(guarded).toBeGreaterThanOrEqual(20);
  });
});
