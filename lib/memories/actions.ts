'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/guard';
import { runAction, type ActionResult } from '@/lib/http/route';
import { ValidationError } from '@/lib/errors';
import { deleteMemory, deleteNamespace, embedMemory, getMemory, storeMemory } from '@/lib/memories/memories';

const entryPath = (ns: string, key: string) => `/namespaces/${encodeURIComponent(ns)}/${encodeURIComponent(key)}`;

function parseJsonField(form: FormData, field: string): unknown {
  const raw = String(form.get(field) ?? '').trim();
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError(field, 'not valid JSON');
  }
}

/** Creates or edits an entry; the embedding is recomputed, kept, pasted or left empty as chosen. */
export async function saveMemoryAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('write');
    const namespace = String(form.get('namespace') ?? '');
    const key = String(form.get('key') ?? '');
    const mode = String(form.get('embedding_mode') ?? 'compute');
    const tags = String(form.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    let embedding: unknown;
    if (mode === 'paste') embedding = parseJsonField(form, 'embedding');
    else if (mode === 'keep') embedding = (await getMemory(namespace, key)).embedding;
    else if (mode !== 'compute' && mode !== 'none') throw new ValidationError('embedding_mode', 'must be compute, keep, paste or none');
    await storeMemory(
      actor,
      { namespace, key, value: String(form.get('value') ?? ''), tags, metadata: parseJsonField(form, 'metadata') ?? {}, embedding },
      { embed: mode === 'compute' },
    );
    revalidatePath('/', 'layout');
    redirect(entryPath(namespace, key));
  });
}

export async function deleteMemoryAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('write');
    const namespace = String(form.get('namespace') ?? '');
    await deleteMemory(actor, namespace, String(form.get('key') ?? ''));
    revalidatePath('/', 'layout');
    redirect(`/namespaces/${encodeURIComponent(namespace)}`);
  });
}

export async function embedMemoryAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('write');
    const namespace = String(form.get('namespace') ?? '');
    const key = String(form.get('key') ?? '');
    const vector = await embedMemory(actor, namespace, key);
    revalidatePath('/', 'layout');
    return `Embedded: ${vector.length} dimensions.`;
  });
}

export async function deleteNamespaceAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireRole('write');
    const namespace = String(form.get('namespace') ?? '');
    if (String(form.get('confirm_name') ?? '') !== namespace) {
      throw new ValidationError('confirm_name', `type the namespace name "${namespace}" to confirm`);
    }
    await deleteNamespace(actor, namespace, form.get('confirm_count'));
    revalidatePath('/', 'layout');
    redirect('/namespaces');
  });
}
