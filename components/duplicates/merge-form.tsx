'use client';
// Keep one entry of a cluster and delete the rest: a dry run first (it counts and shows what merges),
// then a confirmation that carries the count, so the merge refuses if the rows changed meanwhile.
import { useState } from 'react';
import { useFormAction } from '@/components/ui/use-form-action';
import { ActionMessage, buttonClass, dangerButtonClass } from '@/components/ui/form';
import { mergeDuplicatesAction } from '@/lib/duplicates/actions';

export function MergeForm({ collection, returnTo, members, canMergeTags, canMergeMetadata }: {
  collection: string;
  returnTo: string;
  members: { key: string; label: string }[];
  canMergeTags: boolean;
  canMergeMetadata: boolean;
}) {
  const [state, onSubmit, pending] = useFormAction(mergeDuplicatesAction);
  // A changed choice needs a new dry run before it can be confirmed.
  const [changedSince, setChangedSince] = useState<typeof state>(null);
  const confirmable = state?.ok && state.dryRun && changedSince !== state;
  return (
    <form onSubmit={onSubmit} onChange={() => setChangedSince(state)} className="space-y-2 border-t border-slate-100 pt-3 text-sm" data-testid="merge-form">
      <input type="hidden" name="collection" value={collection} />
      <input type="hidden" name="return_to" value={returnTo} />
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        <span className="text-slate-500">Keep:</span>
        {members.map((m, i) => (
          <label key={m.key} className="flex items-center gap-1">
            <input type="radio" name="keep" value={m.key} defaultChecked={i === 0} /> {m.label}
            <input type="hidden" name="member" value={m.key} />
          </label>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-4">
        {canMergeTags ? <label className="flex items-center gap-1"><input type="checkbox" name="merge_tags" defaultChecked /> merge tags into it</label> : null}
        {canMergeMetadata ? <label className="flex items-center gap-1"><input type="checkbox" name="merge_metadata" defaultChecked /> merge metadata into it</label> : null}
        {confirmable ? (
          <>
            <input type="hidden" name="expect_count" value={state.count} />
            <input type="hidden" name="intent" value="merge" />
            <button className={dangerButtonClass} disabled={pending}>
              Delete {state.count} and keep the chosen one
            </button>
          </>
        ) : (
          <button className={buttonClass} disabled={pending}>{pending ? 'Counting…' : 'Dry run'}</button>
        )}
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
