'use client';
import { useActionState, useEffect, useRef, useState } from 'react';
import { useFormAction } from '@/components/ui/use-form-action';
import { ActionMessage, buttonClass, dangerSubtleButtonClass, Field, inputClass } from '@/components/ui/form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { cancelArrivalToast, toastOnArrival } from '@/components/ui/toast';
import { deleteTemplateAction, saveTemplateAction } from '@/lib/templates/actions';

export interface TemplateValues {
  id: string;
  artifact_type: string;
  name: string;
  pattern: string | null;
  content: string;
  quality_score: number | null;
  source: string | null;
}

export function TemplateForm({ initial }: { initial?: TemplateValues }) {
  const [state, submit, pending] = useFormAction(saveTemplateAction);
  useEffect(() => { if (state && !state.ok) cancelArrivalToast(); }, [state]);
  // Saving redirects to the template's page; the notice waits for it there.
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    const name = String(new FormData(e.currentTarget).get('name') ?? '');
    toastOnArrival(initial ? `/templates/${encodeURIComponent(initial.id)}` : '/templates/*', initial ? `Saved “${name}”.` : `Created the template “${name}”.`);
    submit(e);
  };
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="template-form">
      {initial ? <input type="hidden" name="id" value={initial.id} /> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Name"><input name="name" required defaultValue={initial?.name} className={`w-full ${inputClass}`} /></Field>
        <Field label="Artifact type"><input name="artifactType" required defaultValue={initial?.artifact_type ?? 'agent'} className={`w-full ${inputClass}`} /></Field>
        <Field label="Pattern"><input name="pattern" defaultValue={initial?.pattern ?? ''} className={`w-full ${inputClass}`} /></Field>
        <Field label="Quality score" hint="0–1"><input name="qualityScore" type="number" step="0.01" min={0} max={1} defaultValue={initial?.quality_score ?? ''} className={`w-full ${inputClass}`} /></Field>
        <Field label="Source"><input name="source" defaultValue={initial?.source ?? 'curated'} className={`w-full ${inputClass}`} /></Field>
      </div>
      <Field label="Content" hint="The embedding is recomputed when the content changes.">
        <textarea name="content" required rows={12} defaultValue={initial?.content} className={`w-full font-mono text-xs ${inputClass}`} />
      </Field>
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>{initial ? 'Save template' : 'Create template'}</button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}

export function DeleteTemplateButton({ id, name }: { id: string; name?: string }) {
  const [state, action, pending] = useActionState(deleteTemplateAction, null);
  const [asking, setAsking] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => { if (state && !state.ok) cancelArrivalToast(); }, [state]);
  const label = name ? `“${name}”` : 'this template';
  return (
    <form ref={form} action={action} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button type="button" className={dangerSubtleButtonClass} disabled={pending} onClick={() => setAsking(true)}>{pending ? 'Deleting…' : 'Delete…'}</button>
      <ConfirmDialog open={asking} title={`Delete ${label}?`} confirmLabel="Delete template" onCancel={() => setAsking(false)}
        onConfirm={() => { setAsking(false); toastOnArrival('/templates', `Deleted the template ${label}.`); form.current?.requestSubmit(); }}>
        <p>The template, its embedding and its place among similar templates are deleted. Generations made from it keep their content and feedback. It cannot be undone.</p>
      </ConfirmDialog>
      <ActionMessage state={state} />
    </form>
  );
}
