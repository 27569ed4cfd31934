'use client';
import { useFormAction } from '@/components/ui/use-form-action';
import { ActionMessage, buttonClass, dangerButtonClass, Field, inputClass } from '@/components/ui/form';
import { buildIndexAction, createCollectionAction, dropCollectionAction } from '@/lib/collections/actions';

function HnswFields({ m = 16, efConstruction = 64 }: { m?: number; efConstruction?: number }) {
  return (
    <>
      <Field label="Distance">
        <select name="distance" defaultValue="cosine" className={`w-full ${inputClass}`}>
          <option value="cosine">cosine</option>
          <option value="l2">L2</option>
          <option value="ip">inner product</option>
        </select>
      </Field>
      <Field label="m" hint="2–100; 8 fast, 16 balanced, 32 accurate">
        <input name="m" type="number" min={2} max={100} defaultValue={m} className={`w-full ${inputClass}`} />
      </Field>
      <Field label="ef_construction" hint="4–1000, at least 2 × m; 50 fast, 200 balanced, 400 accurate">
        <input name="ef_construction" type="number" min={4} max={1000} defaultValue={efConstruction} className={`w-full ${inputClass}`} />
      </Field>
    </>
  );
}

export function CreateCollectionForm() {
  const [state, onSubmit, pending] = useFormAction(createCollectionAction);
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="create-collection-form">
      <div className="grid gap-3 sm:grid-cols-5">
        <Field label="Table name" hint="lower_case, in public">
          <input name="name" required className={`w-full ${inputClass}`} />
        </Field>
        <Field label="Dimension" hint="1–16000 (HNSW: ≤ 2000)">
          <input name="dimension" type="number" required min={1} max={16000} defaultValue={384} className={`w-full ${inputClass}`} />
        </Field>
        <HnswFields />
      </div>
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="index" defaultChecked /> Build an HNSW index</label>
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>{pending ? 'Creating…' : 'Create collection'}</button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}

export function BuildIndexForm({ collection, m, efConstruction }: { collection: string; m?: number; efConstruction?: number }) {
  const [state, onSubmit, pending] = useFormAction(buildIndexAction);
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="build-index-form">
      <input type="hidden" name="collection" value={collection} />
      <div className="grid gap-3 sm:grid-cols-3"><HnswFields m={m} efConstruction={efConstruction} /></div>
      <div className="flex items-center gap-3">
        <button className={buttonClass} disabled={pending}>{pending ? 'Building… (this can take a while)' : 'Build or rebuild index'}</button>
        <ActionMessage state={state} />
      </div>
      <p className="text-xs text-slate-500">Replaces the index for the chosen distance. Writes to the table wait while it builds.</p>
    </form>
  );
}

/** Drops the table with every row: the admin types the confirmation, which names the row count. */
export function DropCollectionForm({ collection, confirmation }: { collection: string; confirmation: string }) {
  const [state, onSubmit, pending] = useFormAction(dropCollectionAction);
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="drop-collection-form">
      <input type="hidden" name="collection" value={collection} />
      <p className="text-sm text-slate-600">This drops the table and every row in it; it cannot be undone. Type <code className="font-mono text-rose-700">{confirmation}</code> to confirm.</p>
      <div className="flex flex-wrap items-end gap-3">
        <input name="confirm" aria-label="Confirmation" autoComplete="off" className={`w-96 ${inputClass}`} placeholder={confirmation} />
        <button className={dangerButtonClass} disabled={pending}>Drop collection</button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
