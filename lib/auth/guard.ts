// Server-side role checks. The session says who signed in; the users table decides, on every
// request, whether they still may (so a disabled user or a changed role takes effect at once).
import { cache } from 'react';
import { forbidden, redirect } from 'next/navigation';
import { findActiveUser, type PublicUser } from '@/lib/users/users';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { auth } from './index';
import { can, isRole, type Permission } from './roles';
import { DatabaseUnavailableError, isConnectionError } from '@/lib/db/errors';
import { floorOf } from '@/lib/db/read-floor';
import { setPageReadFloor } from '@/lib/db/replicas';

export const currentUser = cache(async (): Promise<PublicUser | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  // Only a session signed in under the user's current generation stands (sign-out, password
  // reset, disabling and "sign out everywhere" bump it).
  return findActiveUser(session.user.id, session.user.sessionGeneration ?? 0);
});

/** A user's principal for read-your-own-writes (lib/db/read-floor.ts). */
export const userPrincipal = (user: Pick<PublicUser, 'id'>) => `user:${user.id}`;

// A page's reads see the signed-in user's own latest write, even from a replica (looked up once per request).
setPageReadFloor(cache(async () => {
  const user = await currentUser().catch(() => null);
  return floorOf(user ? userPrincipal(user) : null);
}));

const PERMISSION_NEEDS: Record<Permission, string> = {
  read: 'a signed-in account',
  review: 'the reviewer or admin role',
  write: 'the admin role',
  admin: 'the admin role',
};

/**
 * The user as the signed session claims it, for when the users table cannot be asked. Bounded by
 * the session's own lifetime (8 h); a user disabled meanwhile keeps reading until the database is back.
 */
async function sessionClaims(): Promise<PublicUser | null> {
  const session = await auth();
  if (!session?.user?.id || !isRole(session.user.role)) return null;
  return { id: session.user.id, email: session.user.email ?? '', name: session.user.name ?? '', role: session.user.role, disabledAt: null, lastLoginAt: null, createdAt: new Date(0), sessionGeneration: session.user.sessionGeneration ?? 0 };
}

/**
 * For pages: redirects signed-out visitors to /login and answers 403 for the wrong role. While the
 * database is down, read pages trust the session's claims (so the layout and the Health page render
 * and say the database is down); pages that need more answer "database unavailable".
 */
export async function requirePage(permission: Permission = 'read', from = '/'): Promise<PublicUser> {
  let user: PublicUser | null;
  try {
    user = await currentUser();
  } catch (err) {
    if (!isConnectionError(err)) throw err;
    if (permission !== 'read') throw new DatabaseUnavailableError();
    user = await sessionClaims();
  }
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(from)}`);
  if (!can(user.role, permission)) forbidden();
  return user;
}

/**
 * For server actions and route handlers: throws 401/403 errors the caller turns into a response.
 * With trustSessionWhenDatabaseDown (the health endpoints, which must answer when the database does
 * not), a database that cannot be asked leaves the signed session's own claims to decide.
 */
export async function requireRole(permission: Permission, opts: { trustSessionWhenDatabaseDown?: boolean } = {}): Promise<PublicUser> {
  let user: PublicUser | null;
  try {
    user = await currentUser();
  } catch (err) {
    if (!isConnectionError(err)) throw err;
    if (!opts.trustSessionWhenDatabaseDown) throw new DatabaseUnavailableError();
    user = await sessionClaims();
  }
  if (!user) throw new UnauthorizedError();
  if (!can(user.role, permission)) {
    throw new ForbiddenError(`This needs ${PERMISSION_NEEDS[permission]}; you are signed in as ${user.role}.`);
  }
  return user;
}
