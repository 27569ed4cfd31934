'use client';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/api';
import { ROLES, ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import {
  createUserAction, resetPasswordAction, setDisabledAction, setRoleAction,
} from '@/app/(console)/settings/actions';

const input = 'rounded-lg border border-slate-300 px-3 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200';
const button = 'rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60';
const subtle = 'rounded-lg border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60';

function Result({ state }: { state: ActionResult | null }) {
  if (!state?.message) return null;
  return (
    <p role="status" data-testid={state.ok ? 'action-ok' : 'action-error'}
      className={`text-sm ${state.ok ? 'text-emerald-700' : 'text-rose-700'}`}>
      {state.message}
    </p>
  );
}

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, null);
  return (
    <form action={action} className="space-y-3" data-testid="create-user-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="font-medium text-slate-700">E-mail</span>
          <input name="email" type="email" required className={`mt-1 w-full ${input}`} />
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Name</span>
          <input name="name" className={`mt-1 w-full ${input}`} />
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Role</span>
          <select name="role" defaultValue="viewer" className={`mt-1 w-full ${input}`}>
            {ROLES.map((r) => <option key={r} value={r}>{r} — {ROLE_DESCRIPTIONS[r]}</option>)}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Password</span>
          <input name="password" type="password" autoComplete="new-password" className={`mt-1 w-full ${input}`}
            placeholder="at least 12 characters" />
        </label>
      </div>
      <div className="flex items-center gap-3">
        <button className={button} disabled={pending}>{pending ? 'Creating…' : 'Create user'}</button>
        <Result state={state} />
      </div>
    </form>
  );
}

export function RoleForm({ userId, role }: { userId: string; role: string }) {
  const [state, action, pending] = useActionState(setRoleAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <select name="role" defaultValue={role} aria-label="Role" className={`${input} py-1 text-xs`}>
        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      <button className={subtle} disabled={pending}>Change</button>
      <Result state={state} />
    </form>
  );
}

export function DisableForm({ userId, disabled }: { userId: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(setDisabledAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disable" value={String(!disabled)} />
      <button className={subtle} disabled={pending}>{disabled ? 'Enable' : 'Disable'}</button>
      <Result state={state} />
    </form>
  );
}

export function ResetPasswordForm({ userId }: { userId: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input name="password" type="password" autoComplete="new-password" placeholder="new password"
        aria-label="New password" className={`${input} w-36 py-1 text-xs`} />
      <button className={subtle} disabled={pending}>Reset</button>
      <Result state={state} />
    </form>
  );
}
