'use client';
import { useFormAction } from '@/components/ui/use-form-action';
import { useActionState } from 'react';
import { ActionMessage, buttonClass, Field, inputClass, subtleButtonClass } from '@/components/ui/form';
import { createTokenAction, revokeTokenAction } from '@/lib/tokens/actions';

export function CreateTokenForm() {
  const [state, onSubmit, pending] = useFormAction(createTokenAction);
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="create-token-form">
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Name">
          <input name="name" required maxLength={100} placeholder="e.g. grafana" className={`w-56 ${inputClass}`} />
        </Field>
        <Field label="Scope">
          <select name="scope" defaultValue="read" className={inputClass}>
            <option value="read">read — list, retrieve, count, search, export</option>
            <option value="write">write — also store, batch store, delete, import</option>
          </select>
        </Field>
        <Field label="Expires">
          <select name="expiresInDays" defaultValue="90" className={inputClass}>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in 365 days</option>
            <option value="none">never</option>
          </select>
        </Field>
        <button className={buttonClass} disabled={pending}>Create token</button>
      </div>
      <ActionMessage state={state} />
      {state?.token ? (
        <code className="block break-all rounded-lg bg-slate-900 px-3 py-2 font-mono text-sm text-emerald-300" data-testid="new-token">{state.token}</code>
      ) : null}
    </form>
  );
}

export function RevokeTokenButton({ tokenId }: { tokenId: string }) {
  const [state, action, pending] = useActionState(revokeTokenAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="tokenId" value={tokenId} />
      <button className={subtleButtonClass} disabled={pending}>Revoke</button>
      <ActionMessage state={state} />
    </form>
  );
}
