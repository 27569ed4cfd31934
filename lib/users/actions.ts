'use server';
import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/guard';
import { runAction, type ActionResult } from '@/lib/http/route';
import { createUser, resetUserPassword, setUserDisabled, setUserRole } from '@/lib/users/users';
import { createToken, revokeToken } from '@/lib/tokens/tokens';

const done = (message: string) => {
  revalidatePath('/settings');
  return message;
};

export async function createUserAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('admin');
    const user = await createUser(actor, {
      email: form.get('email'),
      name: form.get('name') ?? '',
      role: form.get('role'),
      password: form.get('password'),
    });
    return done(`Created ${user.email} as ${user.role}.`);
  });
}

export async function setRoleAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('admin');
    await setUserRole(actor, form.get('userId'), form.get('role'));
    return done('Role changed.');
  });
}

export async function setDisabledAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('admin');
    const disable = form.get('disable') === 'true';
    await setUserDisabled(actor, form.get('userId'), disable);
    return done(disable ? 'User disabled.' : 'User enabled.');
  });
}

export async function resetPasswordAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('admin');
    await resetUserPassword(actor, form.get('userId'), form.get('password'));
    return done('Password reset.');
  });
}

export interface TokenResult extends ActionResult {
  token?: string;
}

export async function createTokenAction(_prev: TokenResult | null, form: FormData): Promise<TokenResult> {
  let token: string | undefined;
  const result = await runAction(async () => {
    const actor = await requireRole('admin');
    const created = await createToken(actor, { name: form.get('name'), scope: form.get('scope'), expiresInDays: form.get('expiresInDays') });
    token = created.token;
    return done(`Created "${created.summary.name}". Copy the token now: it is not shown again.`);
  });
  return { ...result, token };
}

export async function revokeTokenAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('admin');
    await revokeToken(actor, form.get('tokenId'));
    return done('Token revoked.');
  });
}
