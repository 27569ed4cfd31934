'use client';
import { useActionState } from 'react';
import { useFormAction } from '@/components/ui/use-form-action';
import { ActionMessage, buttonClass, inputClass, secondaryButtonClass, subtleButtonClass } from '@/components/ui/form';
import { reassignClaimAction, releaseClaimAction, rulesAction } from '@/lib/review/actions';

export function ClaimControls({ generationId, reviewers }: { generationId: string; reviewers: { id: string; email: string }[] }) {
  const [released, release] = useActionState(releaseClaimAction, null);
  const [reassigned, reassign, pending] = useFormAction(reassignClaimAction);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={release}>
        <input type="hidden" name="generationId" value={generationId} />
        <button className={subtleButtonClass}>Release</button>
      </form>
      <form onSubmit={reassign} className="flex items-center gap-1">
        <input type="hidden" name="generationId" value={generationId} />
        <select name="reviewerId" aria-label="Reassign to" className={`${inputClass} py-1 text-xs`}>
          {reviewers.map((r) => <option key={r.id} value={r.id}>{r.email}</option>)}
        </select>
        <button className={subtleButtonClass} disabled={pending}>Reassign</button>
      </form>
      <ActionMessage state={released ?? reassigned} />
    </div>
  );
}

export function RulesForm({ rules }: { rules: { includeUnrated: boolean; lowQuality: number; lowRating: number } }) {
  const [state, onSubmit, pending] = useFormAction(rulesAction);
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-4 text-sm" data-testid="rules-form">
      <label className="flex items-center gap-2"><input type="checkbox" name="includeUnrated" defaultChecked={rules.includeUnrated} /> Generations without feedback</label>
      <label className="text-xs text-slate-500">Quality score below
        <input name="lowQuality" type="number" step="0.05" min={0} max={1} defaultValue={rules.lowQuality} className={`mt-1 block w-24 ${inputClass}`} />
      </label>
      <label className="text-xs text-slate-500">Second opinion at rating ≤
        <input name="lowRating" type="number" min={1} max={5} defaultValue={rules.lowRating} className={`mt-1 block w-20 ${inputClass}`} />
      </label>
      <button className={secondaryButtonClass} disabled={pending}>Save rules</button>
      <ActionMessage state={state} />
    </form>
  );
}
