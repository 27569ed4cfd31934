'use server';
import { action } from '@/lib/auth/action';
import { deleteTemplate, saveTemplate } from './templates';

const FIELDS = ['artifactType', 'name', 'pattern', 'content', 'qualityScore', 'source'];
// Templates appear on generation pages and in search: the whole console.
const TEMPLATE_PAGES = { revalidate: 'everything' } as const;

export const saveTemplateAction = action('admin', async (admin, _prev: unknown, form: FormData) => {
  const id = String(form.get('id') ?? '') || null;
  const saved = await saveTemplate(admin, id, Object.fromEntries(FIELDS.map((k) => [k, form.get(k) ?? undefined])));
  return { redirect: `/templates/${encodeURIComponent(saved)}` };
}, TEMPLATE_PAGES);

export const deleteTemplateAction = action('admin', async (admin, _prev: unknown, form: FormData) => {
  await deleteTemplate(admin, String(form.get('id') ?? ''));
  return { redirect: '/templates' };
}, TEMPLATE_PAGES);
