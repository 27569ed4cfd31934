'use client';
import { readableJson } from '@/lib/display/bounded';
import { useFormAction } from '@/components/ui/use-form-action';
import { useActionState, useEffect, useRef, useState } from 'react';
import { ActionMessage, buttonClass, dangerButtonClass, dangerSubtleButtonClass, Field, inputClass, subtleButtonClass } from '@/components/ui/form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { cancelArrivalToast, toastOnArrival } from '@/components/ui/toast';
import { plural } from '@/components/ui/format';
import {
  deleteMemoryAction, deleteNamespaceAction, embedMemoryAction, saveMemoryAction,
} from '@/lib/memories/actions';

export interface MemoryFormValues {
  namespace: string;
  key: string;
  value: string;
  tags: string[];
  metadata: Record<string, unknown>;
  hasEmbedding: boolean;
}

/** Create (namespace and key editable) or edit (they identify the entry and stay fixed). */
export function MemoryForm({ initial, dimension, providerId, defaultNamespace }: { initial?: MemoryFormValues; dimension: number; providerId: string; defaultNamespace?: string }) {
  const [state, submit, pending] = useFormAction(saveMemoryAction);
  const [mode, setMode] = useState('compute');
  const editing = Boolean(initial);
  useEffect(() => { if (state && !state.ok) cancelArrivalToast(); }, [state]);
  // A saved entry redirects to its page; the notice waits for it there.
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    const f = new FormData(e.currentTarget);
    const path = `/namespaces/${encodeURIComponent(String(f.get('namespace')))}/${encodeURIComponent(String(f.get('key')))}`;
    toastOnArrival(path, editing ? `Saved “${f.get('key')}”.` : `Created “${f.get('key')}” in ${f.get('namespace')}.`);
    submit(e);
  };
  return (
    <form onSubmit={onSubmit} className="space-y-4" data-testid="memory-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Namespace" hint="1–255 characters">
          <input name="namespace" required maxLength={255} defaultValue={initial?.namespace ?? defaultNamespace} readOnly={editing} className={`w-full ${inputClass} ${editing ? 'bg-slate-50' : ''}`} />
        </Field>
        <Field label="Key" hint="Unique within the namespace; 1–255 characters">
          <input name="key" required maxLength={255} defaultValue={initial?.key} readOnly={editing} className={`w-full ${inputClass} ${editing ? 'bg-slate-50' : ''}`} />
        </Field>
      </div>
      <Field label="Value">
        <textarea name="value" required rows={6} defaultValue={initial?.value} className={`w-full font-mono ${inputClass}`} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Tags" hint="Comma-separated">
          <input name="tags" defaultValue={initial?.tags.join(', ')} className={`w-full ${inputClass}`} />
        </Field>
        <Field label="Metadata" hint="A JSON object">
          <textarea name="metadata" rows={3} defaultValue={readableJson(initial?.metadata ?? {})} className={`w-full font-mono text-xs ${inputClass}`} />
        </Field>
      </div>
      <fieldset className="space-y-1.5 text-sm">
        <legend className="font-medium text-slate-700">Embedding ({dimension} dimensions)</legend>
        {[
          ['compute', `Compute from the value with ${providerId}`],
          ...(initial?.hasEmbedding ? [['keep', 'Keep the current vector']] : []),
          ['paste', 'Paste a vector (JSON array)'],
          ['none', 'No vector'],
        ].map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input type="radio" name="embedding_mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
            {label}
          </label>
        ))}
        {mode === 'paste' ? (
          <textarea name="embedding" rows={3} placeholder={`[0.01, -0.2, … ${dimension} numbers]`} className={`w-full font-mono text-xs ${inputClass}`} />
        ) : null}
      </fieldset>
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>{pending ? 'Saving…' : editing ? 'Save changes' : 'Create entry'}</button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}

export function DeleteEntryButton({ namespace, entryKey, hasEmbedding = true }: { namespace: string; entryKey: string; hasEmbedding?: boolean }) {
  const [state, action, pending] = useActionState(deleteMemoryAction, null);
  const [asking, setAsking] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => { if (state && !state.ok) cancelArrivalToast(); }, [state]);
  return (
    <form ref={form} action={action} className="flex items-center gap-2">
      <input type="hidden" name="namespace" value={namespace} />
      <input type="hidden" name="key" value={entryKey} />
      <button type="button" className={dangerSubtleButtonClass} disabled={pending} onClick={() => setAsking(true)}>{pending ? 'Deleting…' : 'Delete entry…'}</button>
      <ConfirmDialog open={asking} title={`Delete “${entryKey}”?`} confirmLabel="Delete entry" onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          toastOnArrival(`/namespaces/${encodeURIComponent(namespace)}`, `Deleted “${entryKey}” from ${namespace}.`);
          form.current?.requestSubmit();
        }}>
        <p>This removes the entry <strong>{entryKey}</strong> from the namespace <strong>{namespace}</strong>: its value, tags, metadata{hasEmbedding ? ' and embedding' : ''}. It cannot be undone; export the namespace first to keep a copy.</p>
      </ConfirmDialog>
      <ActionMessage state={state} />
    </form>
  );
}

export function EmbedButton({ namespace, entryKey }: { namespace: string; entryKey: string }) {
  const [state, action, pending] = useActionState(embedMemoryAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="namespace" value={namespace} />
      <input type="hidden" name="key" value={entryKey} />
      <button className={subtleButtonClass} disabled={pending}>{pending ? 'Embedding…' : 'Embed now'}</button>
      <ActionMessage state={state} />
    </form>
  );
}

export function DeleteNamespaceForm({ namespace, count }: { namespace: string; count: number }) {
  const [state, submit, pending] = useFormAction(deleteNamespaceAction);
  const [open, setOpen] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  useEffect(() => { if (state && !state.ok) cancelArrivalToast(); }, [state]);
  if (!open) {
    return <button type="button" className={dangerSubtleButtonClass} onClick={() => setOpen(true)}>Delete namespace…</button>;
  }
  // The name is checked here first, to say in words what is wrong (the server checks it again).
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    const typed = String(new FormData(e.currentTarget).get('confirm_name') ?? '');
    if (typed !== namespace) {
      e.preventDefault();
      setMismatch(true);
      return;
    }
    setMismatch(false);
    toastOnArrival('/namespaces', `Deleted the namespace ${namespace} (${plural(count, 'entry', 'entries')}).`);
    submit(e);
  };
  return (
    <form onSubmit={onSubmit} className="space-y-2 rounded-lg border border-rose-200 bg-rose-50 p-3" data-testid="delete-namespace-form">
      <p className="text-sm text-rose-800">
        This deletes {count === 1 ? 'the only entry' : <>all <strong>{plural(count, 'entry', 'entries')}</strong></>} of <strong>{namespace}</strong>, with their embeddings. It cannot be undone. Type the namespace’s name to confirm.
      </p>
      <input type="hidden" name="namespace" value={namespace} />
      <input type="hidden" name="confirm_count" value={count} />
      <input name="confirm_name" aria-label="Namespace name" autoComplete="off" aria-invalid={mismatch || undefined} className={`w-full ${inputClass}`}
        onChange={() => setMismatch(false)} />
      {mismatch ? <p className="text-sm text-rose-700" data-testid="confirm-mismatch">That is not the namespace’s name: type <strong>{namespace}</strong> exactly (letters, case and spaces as shown) to delete it.</p> : null}
      <div className="flex flex-wrap items-center gap-2">
        <button className={dangerButtonClass} disabled={pending}>Delete {plural(count, 'entry', 'entries')}</button>
        <button type="button" className={subtleButtonClass} onClick={() => { setOpen(false); setMismatch(false); }}>Cancel</button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}

export function CopyVectorButton({ vector }: { vector: number[] }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={subtleButtonClass}
      onClick={async () => {
        await navigator.clipboard.writeText(JSON.stringify(vector));
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? 'Copied' : 'Copy as JSON'}
    </button>
  );
}
