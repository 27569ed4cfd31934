'use client';
import { useActionState, useRef, useState } from 'react';
import { useFormAction } from '@/components/ui/use-form-action';
import { ActionMessage, buttonClass, dangerSubtleButtonClass, inputClass, secondaryButtonClass, subtleButtonClass } from '@/components/ui/form';
import { addFeedbackAction, editFeedbackAction, removeFeedbackAction } from '@/lib/feedback/actions';
import { promoteAction } from '@/lib/generations/actions';
import { COMMENT_MAX } from '@/lib/feedback/rules';
import { RatingButtons } from '@/components/ui/rating-buttons';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

// The same rating buttons as in Review; a submission without a rating is stopped here with words.
function RatingFields({ rating, comment, missing }: { rating?: number; comment?: string | null; missing: boolean }) {
  const [value, setValue] = useState<number | null>(rating ?? null);
  return (
    <>
      <RatingButtons value={value} onChange={setValue} name="rating" />
      {missing && value === null ? <p className="text-sm text-amber-800" role="status" data-testid="rating-needed">Pick a rating from 1 to 5 first.</p> : null}
      <textarea name="comment" rows={2} defaultValue={comment ?? ''} aria-label="Comment" placeholder={`Optional comment (up to ${COMMENT_MAX} characters)`}
        className={`w-full ${inputClass}`} />
    </>
  );
}

/** Stops a submission that has no rating yet (and says so), else hands it to the action. */
function requireRating(submit: (e: React.FormEvent<HTMLFormElement>) => void, setMissing: (m: boolean) => void) {
  return (e: React.FormEvent<HTMLFormElement>) => {
    if (!new FormData(e.currentTarget).get('rating')) {
      e.preventDefault();
      setMissing(true);
      return;
    }
    setMissing(false);
    submit(e);
  };
}

export function AddFeedbackForm({ generationId }: { generationId: string }) {
  const [state, submit, pending] = useFormAction(addFeedbackAction);
  const [missing, setMissing] = useState(false);
  return (
    <form onSubmit={requireRating(submit, setMissing)} className="space-y-2" data-testid="add-feedback-form">
      <input type="hidden" name="generationId" value={generationId} />
      <RatingFields missing={missing} />
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>Add feedback</button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}

export function OwnFeedbackControls({ feedbackId, rating, comment, canEdit }: { feedbackId: string; rating: number; comment: string | null; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [edited, submitEdit, pending] = useFormAction(editFeedbackAction);
  const [missing, setMissing] = useState(false);
  const onEdit = requireRating(submitEdit, setMissing);
  const [removed, remove] = useActionState(removeFeedbackAction, null);
  const [asking, setAsking] = useState(false);
  const removeForm = useRef<HTMLFormElement>(null);
  return (
    <div className="mt-1 space-y-2">
      <div className="flex items-center gap-2">
        {canEdit ? <button type="button" className={subtleButtonClass} onClick={() => setEditing((e) => !e)}>{editing ? 'Cancel' : 'Edit'}</button> : null}
        <form ref={removeForm} action={remove}>
          <input type="hidden" name="feedbackId" value={feedbackId} />
          <button type="button" className={dangerSubtleButtonClass} onClick={() => setAsking(true)}>{canEdit ? 'Withdraw…' : 'Remove…'}</button>
          <ConfirmDialog open={asking} title={canEdit ? 'Withdraw your feedback?' : 'Remove this feedback?'} confirmLabel={canEdit ? 'Withdraw' : 'Remove'}
            onCancel={() => setAsking(false)} onConfirm={() => { setAsking(false); removeForm.current?.requestSubmit(); }}>
            <p>The {rating}★ rating{comment ? ' and its comment' : ''} will be deleted, and the generation’s average rating recomputed without it.</p>
          </ConfirmDialog>
        </form>
        <ActionMessage state={removed ?? edited} />
      </div>
      {editing ? (
        <form onSubmit={onEdit} className="space-y-2">
          <input type="hidden" name="feedbackId" value={feedbackId} />
          <RatingFields rating={rating} comment={comment} missing={missing} />
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
      <button className={secondaryButtonClass} disabled={pending}>{pending ? 'Promoting…' : 'Promote to template'}</button>
      <ActionMessage state={state} />
    </form>
  );
}
