'use client';
import { useActionState, useState } from 'react';
import { useFormAction } from '@/components/ui/use-form-action';
import { ActionMessage, buttonClass, inputClass, subtleButtonClass } from '@/components/ui/form';
import { addFeedbackAction, editFeedbackAction, removeFeedbackAction } from '@/lib/feedback/actions';
import { promoteAction } from '@/lib/generations/actions';
import { COMMENT_MAX } from '@/lib/feedback/rules';

function RatingFields({ rating, comment }: { rating?: number; comment?: string | null }) {
  return (
    <>
      <fieldset className="flex items-center gap-2">
        <legend className="sr-only">Rating</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="flex items-center gap-1 text-sm"><input type="radio" name="rating" value={n} defaultChecked={rating === n} required /> {n}</label>
        ))}
      </fieldset>
      <textarea name="comment" rows={2} defaultValue={comment ?? ''} aria-label="Comment" placeholder={`Optional comment (up to ${COMMENT_MAX} characters)`}
        className={`w-full ${inputClass}`} />
    </>
  );
}

export function AddFeedbackForm({ generationId }: { generationId: string }) {
  const [state, onSubmit, pending] = useFormAction(addFeedbackAction);
  return (
    <form onSubmit={onSubmit} className="space-y-2" data-testid="add-feedback-form">
      <input type="hidden" name="generationId" value={generationId} />
      <RatingFields />
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>Add feedback</button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}

export function OwnFeedbackControls({ feedbackId, rating, comment, canEdit }: { feedbackId: string; rating: number; comment: string | null; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [edited, onEdit, pending] = useFormAction(editFeedbackAction);
  const [removed, remove] = useActionState(removeFeedbackAction, null);
  return (
    <div className="mt-1 space-y-2">
      <div className="flex items-center gap-2">
        {canEdit ? <button type="button" className={subtleButtonClass} onClick={() => setEditing((e) => !e)}>{editing ? 'Cancel' : 'Edit'}</button> : null}
        <form action={remove} onSubmit={(e) => { if (!confirm('Remove this feedback?')) e.preventDefault(); }}>
          <input type="hidden" name="feedbackId" value={feedbackId} />
          <button className={subtleButtonClass}>{canEdit ? 'Withdraw' : 'Remove'}</button>
        </form>
        <ActionMessage state={removed ?? edited} />
      </div>
      {editing ? (
        <form onSubmit={onEdit} className="space-y-2">
          <input type="hidden" name="feedbackId" value={feedbackId} />
          <RatingFields rating={rating} comment={comment} />
          <button className={buttonClass} disabled={pending}>Save</button>
        </form>
      ) : null}
    </div>
  );
}

export function PromoteButton({ generationId }: { generationId: string }) {
  const [state, action, pending] = useActionState(promoteAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="generationId" value={generationId} />
      <button className={buttonClass} disabled={pending}>{pending ? 'Promoting…' : 'Promote to template'}</button>
      <ActionMessage state={state} />
    </form>
  );
}
