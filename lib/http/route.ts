// Route handlers share one error policy with server actions (lib/auth/action.ts): AppErrors become their 4xx answer with
// the field and rule; anything else is logged here and answered with a generic 500, never a stack.
import { NextResponse } from 'next/server';
import { AppError, ForbiddenError, UnauthorizedError, ValidationError } from '@/lib/errors';
import type { Actor } from '@/lib/audit';
import { DatabaseUnavailableError, isConnectionError, requestDbError } from '@/lib/db/errors';
import { requestedConsistency, withCaller, withConsistency } from '@/lib/db/replicas';
import { recordWrite } from '@/lib/db/read-floor';
import { withLane } from '@/lib/db/lanes';
import { forgetToken, recentlyVerified, rememberVerified } from '@/lib/tokens/outage-cache';
import { verifyToken, type TokenIdentity } from '@/lib/tokens/tokens';
import { assertTokenAttemptsAllowed, clientAddress, recordTokenFailure, RateLimitedError } from '@/lib/state/rate-limit';
import { requireRole, userPrincipal } from '@/lib/auth/guard';
import { can, scopeAllows, type Permission } from '@/lib/auth/roles';
import type { PublicUser } from '@/lib/users/users';
import { assertSameOrigin } from './csrf';
import { readBodyText, JSON_BODY_MAX_BYTES } from './body';
import { jsonProblem, textProblem } from '@/lib/vector/validation';

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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whose writes a request's reads must see: the token's, or the signed-in user's (lib/db/read-floor.ts). */
const callerPrincipal = (caller: Caller) => (caller.kind === 'token' ? `token:${caller.token!.tokenId}` : userPrincipal(caller.user!));

/** The permission a route handler was declared with (undefined: not made by withAccess). */
export function routePermission(fn: unknown): Permission | undefined {
  return typeof fn === 'function' ? guardedRoutes.get(fn) : undefined;
}

/**
 * A route handler that requires a caller (session or token) with the permission. A state-changing
 * request on the session cookie must come from the console's own origin (see csrf.ts).
 */
export function withAccess<C = object>(permission: Permission, handler: Handler<C>, opts: AccessOptions = {}) {
  const route = async (req: Request, ctx: C): Promise<Response> => {
    try {
      assertSameOrigin(req);
      await assertStorableUrl(req, ctx);
      const caller = await resolveCaller(req, permission, opts);
      const principal = callerPrincipal(caller);
      // ?consistency=primary (or X-Recall-Consistency) reads from the primary instead of a replica; without
      // it, the caller's reads still see its own latest write.
      // API token traffic takes the bulk lane, so pages and actions keep connections of their own.
      const res = await withLane(caller.kind === 'token' ? 'bulk' : 'interactive', () =>
        withCaller(principal, () => withConsistency(requestedConsistency(req), () => handler(req, { ...ctx, caller }))),
      );
      // A 'read' route writes nothing whatever its method (a search is a POST), so it pins no one to the primary.
      if (permission !== 'read' && !SAFE_METHODS.has(req.method) && res.status < 400) await recordWrite(principal);
      return res;
    } catch (err) {
      return errorResponse(err);
    }
  };
  guardedRoutes.set(route, permission);
  return route;
}

/**
 * Path segments and query parameters reach SQL as text: one Postgres cannot store (a NUL from %00, a
 * lone surrogate) is a 400 naming the parameter, for every route, before anything runs.
 */
async function assertStorableUrl(req: Request, ctx: unknown) {
  const params = (ctx as { params?: Promise<Record<string, string | string[]>> } | undefined)?.params;
  if (params) {
    for (const [name, value] of Object.entries((await params) ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) {
        const problem = typeof v === 'string' ? textProblem(v) : null;
        if (problem) throw new ValidationError(name, problem);
      }
    }
  }
  for (const [name, value] of new URL(req.url).searchParams) {
    const problem = textProblem(value) ?? textProblem(name);
    if (problem) throw new ValidationError(textProblem(name) ? 'query' : name, problem);
  }
}

// A JSON body nests its inputs (entries.N.metadata…) a few levels above the fields' own limits.
const BODY_MAX_DEPTH = 64;

/**
 * The request's JSON body as an object ({} when empty), read up to JSON_BODY_MAX_BYTES (413 beyond,
 * without reading the rest). Any other JSON value, a string Postgres cannot store anywhere in it, or
 * nesting beyond 64 levels is a 400 that names the field.
 */
export async function readJson(req: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(req, JSON_BODY_MAX_BYTES);
  if (!text) return {};
  const body: unknown = JSON.parse(text);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('body', `must be a JSON object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}`);
  }
  const problem = jsonProblem(body, BODY_MAX_DEPTH);
  // A nesting problem names the top-level field (its full path would be 64 segments long).
  if (problem) throw new ValidationError((problem[1].startsWith('must be nested') ? problem[0].slice(0, 1) : problem[0]).join('.') || 'body', problem[1]);
  return body as Record<string, unknown>;
}
