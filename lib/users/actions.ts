'use server';
import { action } from '@/lib/auth/action';
import { createUser, endSessions, resetUserPassword, setUserDisabled, setUserRole } from './users';

const SETTINGS = { revalidate: ['/settings/users', '/settings/audit'] } as const;

export const createUserAction = action('admin', async (actor, _prev: unknown, form: FormData) => {
  const user = await createUser(actor, {
    email: form.get('email'),
    name: form.get('name') ?? '',
    role: form.get('role'),
    password: form.get('password'),
  });
  return `Created ${user.email} as ${user.role}.`;
}, SETTINGS);

export const setRoleAction = action('admin', async (actor, _prev: unknown, form: FormData) => {
  await setUserRole(actor, form.get('userId'), form.get('role'));
  return 'Role changed.';
}, SETTINGS);

export const setDisabledAction = action('admin', async (actor, _prev: unknown, form: FormData) => {
  const disable = form.get('disable') === 'true';
  await setUserDisabled(actor, form.get('userId'), disable);
  return disable ? 'User disabled.' : 'User enabled.';
}, SETTINGS);

export const resetPasswordAction = action('admin', async (actor, _prev: unknown, form: FormData) => {
  await resetUserPassword(actor, form.get('userId'), form.get('password'));
  return 'Password reset.';
}, SETTINGS);

export const endSessionsAction = action('admin', async (actor, _prev: unknown, form: FormData) => {
  await endSessions(actor, form.get('userId'));
  return 'Signed out everywhere: their sessions have ended.';
}, SETTINGS);
