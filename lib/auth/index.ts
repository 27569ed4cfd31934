import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authenticate } from '@/lib/users/users';
import { clientAddress, RateLimitedError } from '@/lib/state/rate-limit';

/** Too many wrong passwords: the sign-in form shows the message (with the wait) instead of "wrong password". */
export class SignInRateLimited extends CredentialsSignin {
  code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s.`);
  }
}
import { authConfig } from './config';
import { sessionCallbacks, sessionEvents } from './session';

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  callbacks: sessionCallbacks,
  events: sessionEvents,
  logger: {
    // A wrong password is an expected outcome, shown on the form; keep it out of the error log.
    error(error) {
      // `type`, not `name`: class names are minified in the production build.
      if ((error as { type?: string }).type === 'CredentialsSignin') return;
      console.error('[auth]', error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'E-mail' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        let user;
        try {
          user = await authenticate(credentials?.email, credentials?.password, clientAddress(request.headers));
        } catch (err) {
          if (err instanceof RateLimitedError) throw new SignInRateLimited(err.retryAfterSeconds);
          throw err;
        }
        if (!user) return null;
        return { id: user.id, email: user.email, name: user.name || user.email, role: user.role, sessionGeneration: user.sessionGeneration };
      },
    }),
  ],
});
