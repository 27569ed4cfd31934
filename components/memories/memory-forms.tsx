'use client';
import { readableJson } from '@/lib/display/bounded';
import { useFormAction } from '@/components/ui/use-form-action';
import { useActionState, useState } from 'react';
import { ActionMessage, buttonClass, dangerButtonClass, Field, inputClass, subtleButtonClass } from '@/components/ui/form';
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
  const [state, onSubmit, pending] = useFormAction(saveMemoryAction);
  const [mode, setMode] = useState('compute');
  const editing = Boolean(initial);
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

export function DeleteEntryButton({ namespace, entryKey }: { namespace: string; entryKey: string }) {
  const [state, action, pending] = useActionState(deleteMemoryAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Delete "${entryKey}" from ${namespace}? This cannot be undone.`)) e.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="namespace" value={namespace} />
      <input type="hidden" name="key" value={entryKey} />
      <button className={dangerButtonClass} disabled={pending}>Delete entry</button>
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
  const [state, onSubmit, pending] = useFormAction(deleteNamespaceAction);
  const [open, setOpen] = useState(false);
  if (!open) {
    return <button type="button" className={subtleButtonClass} onClick={() => setOpen(true)}>Delete namespace…</button>;
  }
  return (
    <form onSubmit={onSubmit} className="space-y-2 rounded-lg border border-rose-200 bg-rose-50 p-3" data-testid="delete-namespace-form">
      <p className="text-sm text-rose-800">
        This deletes all <strong>{count.toLocaleString('en-US')}</strong> entries of <strong>{namespace}</strong>. Type the name to confirm.
      </p>
      <input type="hidden" name="namespace" value={namespace} />
      <input type="hidden" name="confirm_count" value={count} />
      <input name="confirm_name" aria-label="Namespace name" autoComplete="off" className={`w-full ${inputClass}`} />
      <div className="flex items-center gap-2">
        <button className={dangerButtonClass} disabled={pending}>Delete {count.toLocaleString('en-US')} entries</button>
        <button type="button" className={subtleButtonClass} onClick={() => setOpen(false)}>Cancel</button>
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
