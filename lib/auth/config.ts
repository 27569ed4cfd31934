// The Auth.js settings and callbacks: JWT sessions that carry the role, for 8 hours from sign-in.
import type { NextAuthConfig } from 'next-auth';
import { isRole, type Role } from './roles';

declare module 'next-auth' {
  interface User {
    role?: Role;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
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
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub && isRole(token.role)) {
        session.user.id = token.sub;
        session.user.role = token.role;
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
