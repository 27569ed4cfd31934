'use client';
import { useFormAction } from '@/components/ui/use-form-action';
import { useSuccessToast } from '@/components/ui/use-success-toast';
import { useState } from 'react';
import { ActionMessage, buttonClass, dangerSubtleButtonClass, Field, inputClass, secondaryButtonClass, subtleButtonClass } from '@/components/ui/form';
import { Dialog } from '@/components/ui/dialog';
import { ROLES, ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import {
  createUserAction, endSessionsAction, resetPasswordAction, setDisabledAction, setRoleAction,
} from '@/lib/users/actions';

export function CreateUserForm() {
  const [state, onSubmit, pending] = useFormAction(createUserAction, { resetOnSuccess: true });
  useSuccessToast(state);
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="create-user-form">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
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
          <select name="role" defaultValue="viewer" className={`mt-1 w-full min-w-0 ${inputClass}`}>
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

interface EditableUser { id: string; email: string; role: string; disabled: boolean; isSelf: boolean }

/** Everything an admin changes about one user, in one dialog: role, password, sessions, disabled. */
export function EditUserButton({ user }: { user: EditableUser }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={subtleButtonClass} onClick={() => setOpen(true)} aria-label={`Edit ${user.email}`}>Edit</button>
      <Dialog open={open} title={`Edit ${user.email}`} onClose={() => setOpen(false)} testId="edit-user-dialog" wide>
        <RoleForm user={user} />
        <ResetPasswordForm user={user} />
        <SessionsAndAccess user={user} />
        <div className="flex justify-end border-t border-slate-100 pt-3">
          <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>Close</button>
        </div>
      </Dialog>
    </>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2 border-t border-slate-100 pt-3">
      <h3 className="text-sm font-semibold text-slate-700">{title}</h3>
      {children}
    </section>
  );
}

function RoleForm({ user }: { user: EditableUser }) {
  const [state, onSubmit, pending] = useFormAction(setRoleAction);
  useSuccessToast(state);
  return (
    <Section title="Role">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="userId" value={user.id} />
        <Field label="Role">
          <select name="role" defaultValue={user.role} className={inputClass}>
            {ROLES.map((r) => <option key={r} value={r}>{r} — {ROLE_DESCRIPTIONS[r]}</option>)}
          </select>
        </Field>
        <button className={buttonClass} disabled={pending}>Change role</button>
      </form>
      <ActionMessage state={state} />
    </Section>
  );
}

function ResetPasswordForm({ user }: { user: EditableUser }) {
  const [state, onSubmit, pending] = useFormAction(resetPasswordAction, { resetOnSuccess: true });
  useSuccessToast(state);
  return (
    <Section title="Password">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="userId" value={user.id} />
        <Field label="New password" hint="At least 12 characters. Their sessions end; they sign in with the new one.">
          <input name="password" type="password" autoComplete="new-password" className={`w-64 ${inputClass}`} />
        </Field>
        <button className={secondaryButtonClass} disabled={pending}>Reset password</button>
      </form>
      <ActionMessage state={state} />
    </Section>
  );
}

function SessionsAndAccess({ user }: { user: EditableUser }) {
  const [ended, endSessions, ending] = useFormAction(endSessionsAction);
  const [toggled, toggle, toggling] = useFormAction(setDisabledAction);
  useSuccessToast(ended);
  useSuccessToast(toggled);
  // The action revalidates the page, so `user` already says the new state once it answers.
  const { disabled } = user;
  return (
    <Section title="Access">
      <div className="flex flex-wrap gap-2">
        <form onSubmit={endSessions}>
          <input type="hidden" name="userId" value={user.id} />
          <button className={subtleButtonClass} disabled={ending}>Sign out everywhere</button>
        </form>
        {user.isSelf ? null : (
          <form onSubmit={toggle}>
            <input type="hidden" name="userId" value={user.id} />
            <input type="hidden" name="disable" value={String(!disabled)} />
            <button className={disabled ? subtleButtonClass : dangerSubtleButtonClass} disabled={toggling}>{disabled ? 'Enable account' : 'Disable account'}</button>
          </form>
        )}
      </div>
      <ActionMessage state={ended} />
      <ActionMessage state={toggled} />
    </Section>
  );
}
