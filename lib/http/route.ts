// Route handlers share one error policy with server actions (lib/auth/action.ts): AppErrors become their 4xx answer with
// the field and rule; anything else is logged here and answered with a generic 500, never a stack.
import { NextResponse } from 'next/server';
import { AppError, ForbiddenError, UnauthorizedError } from '@/lib/errors';
import type { Actor } from '@/lib/audit';
import { DatabaseUnavailableError, isConnectionError, requestDbError } from '@/lib/db/errors';
import { requestedConsistency, withConsistency } from '@/lib/db/replicas';
import { forgetToken, recentlyVerified, rememberVerified } from '@/lib/tokens/outage-cache';
import { verifyToken, type TokenIdentity } from '@/lib/tokens/tokens';
import { assertTokenAttemptsAllowed, clientAddress, recordTokenFailure, RateLimitedError } from '@/lib/state/rate-limit';
import { requireRole } from '@/lib/auth/guard';
import { can, scopeAllows, type Permission } from '@/lib/auth/roles';
import type { PublicUser } from '@/lib/users/users';

export function errorResponse(err: unknown): NextResponse {
  err = requestDbError(err) ?? err;
  if (err instanceof AppError) {
    const retryAfter = err instanceof DatabaseUnavailableError || err instanceof RateLimitedError ? { 'retry-after': String(err.retryAfterSeconds) } : undefined;
    return NextResponse.json(
      { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } },
      { status: err.status, headers: retryAfter },
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

export interface Caller {
  /** Recorded in the audit log for writes. */
  actor: Actor;
  kind: 'user' | 'token';
  user?: PublicUser;
  token?: TokenIdentity;
}

/**
 * Who is calling: a Bearer token (machines) or the session cookie (the browser). A token is held
 * to its scope; a user to their role. Disabled users and revoked tokens are refused.
 */
export async function resolveCaller(req: Request, permission: Permission, opts: AccessOptions = {}): Promise<Caller> {
  const header = req.headers.get('authorization');
  if (header) {
    // Guessing tokens is limited per client address: only failures count.
    const address = clientAddress(req.headers);
    await assertTokenAttemptsAllowed(address);
    const match = header.match(/^Bearer\s+(\S+)$/i);
    const token = match ? await verifyTokenOrRecall(match[1], opts) : null;
    if (!token) await recordTokenFailure(address);
    if (!token) throw new UnauthorizedError('The API token is invalid, revoked or expired, or its creator is disabled.');
    if (!scopeAllows(token.scope, permission)) {
      throw new ForbiddenError(`This needs a token with ${permission === 'admin' ? 'a signed-in admin' : `the ${permission} scope`}; this token has the ${token.scope} scope.`);
    }
    // A token acts with at most its creator's current role: a demoted creator's write token reads only.
    if (!can(token.creatorRole, permission)) {
      throw new ForbiddenError(`This token acts with at most the role of its creator (${token.actor.email}), who is now ${token.creatorRole}; ${permission} needs ${permission === 'review' ? 'the reviewer or admin role' : 'the admin role'}.`);
    }
    return { actor: token.actor, kind: 'token', token };
  }
  const user = await requireRole(permission, opts);
  return { actor: { id: user.id, email: user.email, role: user.role }, kind: 'user', user };
}

/** verifyToken, falling back for the metrics endpoints to what the database confirmed recently. */
async function verifyTokenOrRecall(secret: string, opts: AccessOptions): Promise<TokenIdentity | null> {
  try {
    const token = await verifyToken(secret);
    if (token) rememberVerified(secret, token);
    else forgetToken(secret);
    return token;
  } catch (err) {
    const recalled = opts.trustTokenWhenDatabaseDown && isConnectionError(err) ? recentlyVerified(secret) : null;
    if (!recalled) throw err;
    return recalled;
  }
}

type Handler<C> = (req: Request, ctx: C & { caller: Caller }) => Promise<Response>;

export interface AccessOptions {
  /** For endpoints that report on the database and must answer while it is down. */
  trustSessionWhenDatabaseDown?: boolean;
  /** For the metrics endpoints: a token the database verified recently stays valid while it is down (lib/tokens/outage-cache.ts). */
  trustTokenWhenDatabaseDown?: boolean;
}

const guardedRoutes = new WeakMap<object, Permission>();

/** The permission a route handler was declared with (undefined: not made by withAccess). */
export function routePermission(fn: unknown): Permission | undefined {
  return typeof fn === 'function' ? guardedRoutes.get(fn) : undefined;
}

/** A route handler that requires a caller (session or token) with the permission. */
export function withAccess<C = object>(permission: Permission, handler: Handler<C>, opts: AccessOptions = {}) {
  const route = async (req: Request, ctx: C): Promise<Response> => {
    try {
      const caller = await resolveCaller(req, permission, opts);
      // ?consistency=primary (or X-Recall-Consistency) reads from the primary instead of a replica.
      return await withConsistency(requestedConsistency(req), () => handler(req, { ...ctx, caller }));
    } catch (err) {
      return errorResponse(err);
    }
  };
  guardedRoutes.set(route, permission);
  return route;
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return {};
  return JSON.parse(text);
}
