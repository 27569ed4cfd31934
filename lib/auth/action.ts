// The one guard for server actions, as withAccess is for route handlers: an action cannot be
// written without naming the permission it needs, and every action answers the same way.
import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { requestDbError } from '@/lib/db/errors';
import { recordWrite } from '@/lib/db/read-floor';
import { withCaller } from '@/lib/db/replicas';
import type { Permission } from './roles';
import { requireRole, userPrincipal } from './guard';
import type { PublicUser } from '@/lib/users/users';

export interface ActionResult {
  ok: boolean;
  message?: string;
  field?: string;
}

/** What an action body returns: a message, or a message with data, or where to go next. */
export type ActionOutcome<D extends object> = string | void | ({ message?: string; redirect?: string } & D);

/** Paths (or route patterns like /collections/[id]) an action invalidates; 'everything' is the whole console. */
export type Revalidate = readonly string[] | 'everything';

const guarded = new WeakMap<object, Permission | 'public'>();

/** The permission an exported server action was declared with (undefined: not made by action()). */
export function actionPermission(fn: unknown): Permission | 'public' | undefined {
  return typeof fn === 'function' ? guarded.get(fn) : undefined;
}

function revalidate(paths: Revalidate | undefined) {
  if (!paths) return;
  if (paths === 'everything') revalidatePath('/', 'layout');
  else for (const p of paths) revalidatePath(p, p.includes('[') ? 'page' : undefined);
}

/** Known errors become the form's message; anything else is logged and answered generically. */
export function failure(err: unknown): ActionResult {
  unstable_rethrow(err); // redirect() and notFound() are control flow, not failures
  err = requestDbError(err) ?? err;
  if (err instanceof AppError) return { ok: false, message: err.message, field: err.field };
  console.error('[recall] unhandled action error', err);
  return { ok: false, message: 'Something went wrong on the server; the error was logged.' };
}

async function run<D extends object>(
  user: () => Promise<PublicUser | null>,
  body: (user: PublicUser | null) => Promise<ActionOutcome<D>>,
  opts: { revalidate?: Revalidate },
): Promise<ActionResult & Partial<D>> {
  let next: string | undefined;
  try {
    const who = await user();
    const principal = who ? userPrincipal(who) : null;
    const out = await withCaller(principal, () => body(who));
    // Actions change things: the pages rendered next (here or on another instance) must see it.
    if (principal) await recordWrite(principal);
    revalidate(opts.revalidate);
    if (typeof out === 'object' && out !== null) {
      const { redirect: to, message, ...data } = out;
      next = to;
      if (!next) return { ok: true, message, ...(data as unknown as Partial<D>) };
    } else {
      return { ok: true, message: out ?? undefined } as ActionResult & Partial<D>;
    }
  } catch (err) {
    return failure(err) as ActionResult & Partial<D>;
  }
  redirect(next!);
}

/**
 * A server action that needs `permission`: the caller's role is checked against the users table
 * before `fn` runs; AppErrors (including 401/403) come back as `{ ok: false, message, field }`.
 * Use as `export const saveX = action('write', async (user, prev, form: FormData) => …)`.
 */
export function action<Args extends unknown[], D extends object = object>(
  permission: Permission,
  fn: (user: PublicUser, ...args: Args) => Promise<ActionOutcome<D>>,
  opts: { revalidate?: Revalidate } = {},
): (...args: Args) => Promise<ActionResult & Partial<D>> {
  const guardedFn = async (...args: Args) => run<D>(() => requireRole(permission), (user) => fn(user!, ...args), opts);
  guarded.set(guardedFn, permission);
  return guardedFn;
}

/** An action anyone may call (signing in): declared as such, so the enumeration test knows it. */
export function publicAction<Args extends unknown[], R>(fn: (...args: Args) => Promise<R>): (...args: Args) => Promise<R> {
  const wrapped = async (...args: Args) => fn(...args);
  guarded.set(wrapped, 'public');
  return wrapped;
}
