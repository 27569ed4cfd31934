'use server';
import { action } from '@/lib/auth/action';
import { ValidationError } from '@/lib/errors';
import { deleteMemory, deleteNamespace, embedMemory, getMemory, storeMemory } from './memories';

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

// A memory write changes counts on Overview, Namespaces, Search and Collections: the whole console.
const MEMORY_PAGES = { revalidate: 'everything' } as const;

/** Creates or edits an entry; the embedding is recomputed, kept, pasted or left empty as chosen. */
export const saveMemoryAction = action('write', async (actor, _prev: unknown, form: FormData) => {
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
  return { redirect: entryPath(namespace, key) };
}, MEMORY_PAGES);

export const deleteMemoryAction = action('write', async (actor, _prev: unknown, form: FormData) => {
  const namespace = String(form.get('namespace') ?? '');
  await deleteMemory(actor, namespace, String(form.get('key') ?? ''));
  return { redirect: `/namespaces/${encodeURIComponent(namespace)}` };
}, MEMORY_PAGES);

export const embedMemoryAction = action('write', async (actor, _prev: unknown, form: FormData) => {
  const vector = await embedMemory(actor, String(form.get('namespace') ?? ''), String(form.get('key') ?? ''));
  return `Embedded: ${vector.length} dimensions.`;
}, MEMORY_PAGES);

export const deleteNamespaceAction = action('write', async (actor, _prev: unknown, form: FormData) => {
  const namespace = String(form.get('namespace') ?? '');
  if (String(form.get('confirm_name') ?? '') !== namespace) {
    throw new ValidationError('confirm_name', `type the namespace name "${namespace}" to confirm`);
  }
  await deleteNamespace(actor, namespace, form.get('confirm_count'));
  return { redirect: '/namespaces' };
}, MEMORY_PAGES);
