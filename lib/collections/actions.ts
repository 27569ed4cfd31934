'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/guard';
import { runAction, type ActionResult } from '@/lib/http/route';
import { buildIndex, createCollection } from '@/lib/collections/collections';

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return v === null || v === '' ? undefined : String(v);
};

export async function createCollectionAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('write');
    const id = await createCollection(actor, {
      name: field(form, 'name'), dimension: field(form, 'dimension'), distance: field(form, 'distance'),
      m: field(form, 'm'), ef_construction: field(form, 'ef_construction'), index: form.get('index') !== null,
    });
    revalidatePath('/collections');
    redirect(`/collections/${encodeURIComponent(id)}`);
  });
}

export async function buildIndexAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('write');
    const collection = String(form.get('collection') ?? '');
    const r = await buildIndex(actor, { collection, distance: field(form, 'distance'), m: field(form, 'm'), ef_construction: field(form, 'ef_construction') });
    revalidatePath(`/collections/${encodeURIComponent(collection)}`);
    return `Built ${r.index} in ${r.seconds.toFixed(1)} s.`;
  });
}
