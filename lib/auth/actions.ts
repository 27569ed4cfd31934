'use server';
import { AuthError } from 'next-auth';
import { signIn, signOut } from '@/lib/auth';
import { publicAction } from './action';

export interface LoginState {
  error?: string;
}

/** Only same-site paths are followed after sign-in, so /login cannot be used to redirect elsewhere. */
function safeCallback(value: FormDataEntryValue | null): string {
  const v = typeof value === 'string' ? value : '';
  return v.startsWith('/') && !v.startsWith('//') ? v : '/';
}

export const loginAction = publicAction(async (_prev: LoginState, form: FormData): Promise<LoginState> => {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  if (!email) return { error: 'E-mail: required.' };
  if (!password) return { error: 'Password: required.' };
  try {
    await signIn('credentials', { email, password, redirectTo: safeCallback(form.get('callbackUrl')) });
    return {};
  } catch (err) {
    if (err instanceof AuthError) {
      const retry = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retry === 'number') return { error: `Too many attempts; try again in ${retry} s.` };
      return {
        error: err.type === 'CredentialsSignin'
          ? 'Wrong e-mail or password, or the account is disabled.'
          : 'Sign-in failed; try again.',
      };
    }
    throw err; // the redirect after a successful sign-in
  }
});

export const signOutAction = publicAction(async () => {
  await signOut({ redirectTo: '/login' });
});
