// Sessions that can be ended. The JWT carries the user's session generation from sign-in; every
// read of the session (auth(), /api/auth/session) asks the users table whether that generation is
// still current and the user active, and refreshes the role from it, so a stale role or a dead
// session is never reported. Sign-out bumps the generation (see lib/users/users.ts for the rest).
import type { NextAuthConfig } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { requestDbError } from '@/lib/db/errors';
import { endOwnSessions, findActiveUser } from '@/lib/users/users';
import { authConfig, sessionGenerationOf } from './config';

/** The token if its session still stands, with today's role; null ends it (Auth.js clears the cookie). */
export async function checkSessionToken(token: JWT): Promise<JWT | null> {
  if (!token.sub) return null;
  try {
    const user = await findActiveUser(token.sub, sessionGenerationOf(token));
    if (!user) return null;
    return { ...token, role: user.role };
  } catch (err) {
    // The database cannot be asked: keep the signed claims rather than sign everyone out. Pages,
    // actions and route handlers check the user again (lib/auth/guard.ts) and refuse meanwhile.
    if (requestDbError(err)) return token;
    throw err;
  }
}

export const sessionCallbacks: NextAuthConfig['callbacks'] = {
  ...authConfig.callbacks,
  async jwt(params) {
    const token = await authConfig.callbacks.jwt(params);
    // At sign-in the user was just read from the database; afterwards, check it on every read.
    return params.user ? token : checkSessionToken(token);
  },
};

export const sessionEvents: NextAuthConfig['events'] = {
  async signOut(message) {
    if ('token' in message && message.token?.sub) await endOwnSessions(message.token.sub);
  },
};
