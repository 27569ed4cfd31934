'use server';
import { action } from '@/lib/auth/action';
import { createToken, revokeToken } from './tokens';

const SETTINGS = { revalidate: ['/settings/tokens', '/settings/audit'] } as const;

export const createTokenAction = action('admin', async (actor, _prev: unknown, form: FormData) => {
  const created = await createToken(actor, { name: form.get('name'), scope: form.get('scope'), expiresInDays: form.get('expiresInDays') });
  return { message: `Created "${created.summary.name}". Copy the token now: it is not shown again.`, token: created.token };
}, SETTINGS);

export const revokeTokenAction = action('admin', async (actor, _prev: unknown, form: FormData) => {
  await revokeToken(actor, form.get('tokenId'));
  return 'Token revoked: calls with it are refused from now on.';
}, SETTINGS);
