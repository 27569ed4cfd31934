'use client';
import { useFormAction } from '@/components/ui/use-form-action';
import { useActionState } from 'react';
import { ActionMessage, buttonClass, inputClass, subtleButtonClass } from '@/components/ui/form';
import { ROLES, ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import {
  createUserAction, endSessionsAction, resetPasswordAction, setDisabledAction, setRoleAction,
} from '@/lib/users/actions';

export function CreateUserForm() {
  const [state, onSubmit, pending] = useFormAction(createUserAction);
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="create-user-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="font-medium text-slate-700">E-mail</span>
          <input name="email" type="email" required className={`mt-1 w-full ${inputClass}`} />
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Name</span>
          <input name="name" className={`mt-1 w-full ${inputClass}`} />
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Role</span>
          <select name="role" defaultValue="viewer" className={`mt-1 w-full ${inputClass}`}>
            {ROLES.map((r) => <option key={r} value={r}>{r} — {ROLE_DESCRIPTIONS[r]}</option>)}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Password</span>
          <input name="password" type="password" autoComplete="new-password" className={`mt-1 w-full ${inputClass}`}
            placeholder="at least 12 characters" />
        </label>
      </div>
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>{pending ? 'Creating…' : 'Create user'}</button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}

export function RoleForm({ userId, role }: { userId: string; role: string }) {
  const [state, onSubmit, pending] = useFormAction(setRoleAction);
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <select name="role" defaultValue={role} aria-label="Role" className={`${inputClass} py-1 text-xs`}>
        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      <button className={subtleButtonClass} disabled={pending}>Change</button>
      <ActionMessage state={state} />
    </form>
  );
}

export function DisableForm({ userId, disabled }: { userId: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(setDisabledAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disable" value={String(!disabled)} />
      <button className={subtleButtonClass} disabled={pending}>{disabled ? 'Enable' : 'Disable'}</button>
      <ActionMessage state={state} />
    </form>
  );
}

/** Ends every session of the user (a lost laptop, a shared browser): they must sign in again. */
export function SignOutEverywhereForm({ userId }: { userId: string }) {
  const [state, action, pending] = useActionState(endSessionsAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <button className={subtleButtonClass} disabled={pending}>Sign out everywhere</button>
      <ActionMessage state={state} />
    </form>
  );
}

export function ResetPasswordForm({ userId }: { userId: string }) {
  const [state, onSubmit, pending] = useFormAction(resetPasswordAction);
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input name="password" type="password" autoComplete="new-password" placeholder="new password"
        aria-label="New password" className={`${inputClass} w-36 py-1 text-xs`} />
      <button className={subtleButtonClass} disabled={pending}>Reset</button>
      <ActionMessage state={state} />
    </form>
  );
}
