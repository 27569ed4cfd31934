// Route handlers and server actions share one error policy: AppErrors become their 4xx answer with
// the field and rule; anything else is logged here and answered with a generic 500, never a stack.
import { NextResponse } from 'next/server';
import { AppError, UnauthorizedError } from '@/lib/errors';
import { requireRole } from '@/lib/auth/guard';
import type { Permission } from '@/lib/auth/roles';
import type { PublicUser } from '@/lib/users';

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof AppError) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } },
      { status: err.status },
    );
  }
  if (err instanceof SyntaxError) {
    return NextResponse.json({ error: { code: 'invalid_json', message: 'body: not valid JSON' } }, { status: 400 });
  }
  console.error('[recall] unhandled API error', err);
  return NextResponse.json(
    { error: { code: 'internal', message: 'Something went wrong on the server; the error was logged.' } },
    { status: 500 },
  );
}

type Handler<C> = (req: Request, ctx: C & { user: PublicUser }) => Promise<Response>;

/** A route handler that requires a signed-in user with the permission. */
export function withRole<C = object>(permission: Permission, handler: Handler<C>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    try {
      const user = await requireRole(permission);
      return await handler(req, { ...ctx, user });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return {};
  return JSON.parse(text);
}

export interface ActionResult {
  ok: boolean;
  message?: string;
  field?: string;
}

/** Runs a server action body; known errors become a message for the form. */
export async function runAction(fn: () => Promise<string | void>): Promise<ActionResult> {
  try {
    const message = await fn();
    return { ok: true, message: message ?? undefined };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, message: err.message, field: err.field };
    console.error('[recall] unhandled action error', err);
    return { ok: false, message: 'Something went wrong on the server; the error was logged.' };
  }
}

export { UnauthorizedError };
