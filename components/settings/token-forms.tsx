'use client';
import { useFormAction } from '@/components/ui/use-form-action';
import { useSuccessToast } from '@/components/ui/use-success-toast';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/auth/action';
import { ActionMessage, buttonClass, dangerSubtleButtonClass, Field, inputClass, subtleButtonClass } from '@/components/ui/form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { toast } from '@/components/ui/toast';
import { createTokenAction, revokeTokenAction } from '@/lib/tokens/actions';

export function CreateTokenForm() {
  const [state, onSubmit, pending] = useFormAction(createTokenAction, { resetOnSuccess: true });
  useSuccessToast(state);
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
      {state?.ok && state.token ? <NewToken token={state.token} /> : null}
    </form>
  );
}

/** The one time the secret is on screen: shown with a copy button. */
function NewToken({ token }: { token: string }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      toast('Token copied to the clipboard.');
    } catch {
      toast('The browser refused the clipboard: select the token and copy it by hand.', 'error');
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <code className="block min-w-0 flex-1 break-all rounded-lg bg-slate-900 px-3 py-2 font-mono text-sm text-emerald-300" data-testid="new-token">{token}</code>
      <button type="button" className={subtleButtonClass} onClick={copy}>Copy</button>
    </div>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [refused, setRefused] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const [asking, setAsking] = useState(false);
  const revoke = () => {
    setAsking(false);
    const form = new FormData();
    form.set('tokenId', tokenId);
    startTransition(async () => {
      const result = await revokeTokenAction(null, form);
      // The revoked row has no button, so this component is gone once the page refreshes: the toast is the shell's.
      if (result.ok) toast(result.message ?? 'Token revoked.');
      else setRefused(result);
    });
  };
  return (
    <div className="flex items-center gap-2">
      <button type="button" className={dangerSubtleButtonClass} disabled={pending} onClick={() => setAsking(true)}>Revoke…</button>
      <ConfirmDialog open={asking} title={`Revoke the token "${name}"?`} confirmLabel={`Revoke ${name}`} onCancel={() => setAsking(false)} onConfirm={revoke}>
        <p>Every dashboard or agent calling the API with <strong>{name}</strong> is refused from now on. This cannot be undone; create a new token to restore access.</p>
      </ConfirmDialog>
      <ActionMessage state={refused} />
    </div>
  );
}
