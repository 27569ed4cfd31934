// The Auth.js settings and callbacks: JWT sessions that carry the role and the user's session
// generation (see lib/auth/session.ts), for 8 hours from sign-in.
import type { NextAuthConfig } from 'next-auth';
import { isRole, type Role } from './roles';

declare module 'next-auth' {
  interface User {
    role?: Role;
    /** recall.users.session_generation at sign-in. */
    sessionGeneration?: number;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role; sessionGeneration: number };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    role?: Role;
    /** The session generation at sign-in. */
    gen?: number;
  }
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = user.role;
        token.gen = user.sessionGeneration ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub && isRole(token.role)) {
        session.user.id = token.sub;
        session.user.role = token.role;
        session.user.sessionGeneration = sessionGenerationOf(token);
      }
      return session;
    },
  },
} satisfies NextAuthConfig;

/** A token from before session generations existed counts as generation 0. */
export function sessionGenerationOf(token: { gen?: unknown }): number {
  return typeof token.gen === 'number' && Number.isSafeInteger(token.gen) ? token.gen : 0;
}
